package lasso.domain.karel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lasso.domain.Example;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelGridSampler;
import lasso.domain.karel.KarelMachine;
import lasso.domain.karel.KarelMutator;
import lasso.domain.karel.KarelParser;
import lasso.domain.karel.KarelProgram;
import lasso.domain.karel.KarelRules;
import lasso.domain.karel.KarelTensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Karel hot paths on the 500 real test programs, each on 6 dataset-like worlds on which it runs
 * cleanly (3,000 executions, drawn once with a fixed seed), on one thread. Scores are per execution
 * (or per program, task, …, as the method says). Run with {@code ./lasso jmh -f 1 -wi 3 -i 5 Karel}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KarelBenchmark {

    static final int PROGRAMS = 500;
    static final int EXECUTIONS = PROGRAMS * 6;

    private final KarelDomain karel = new KarelDomain();
    private final KarelMachine machine = new KarelMachine(KarelRules.near());
    private final KarelMutator mutator = (KarelMutator) karel.mutator();
    private final List<List<String>> tokens = new ArrayList<>();
    private KarelProgram[] programs;
    private KarelGrid[] inputs;
    private KarelGrid[] outputs;
    private List<List<Example<KarelGrid, KarelGrid>>> given;
    private final float[] tensor = new float[KarelTensor.LENGTH];
    private final SplittableRandom random = new SplittableRandom(7);
    private TaskGenerator<KarelProgram, KarelGrid, KarelGrid> generator;
    private long taskIndex;

    @Setup
    public void load() throws IOException, ProgramSyntaxException {
        ObjectMapper mapper = new ObjectMapper();
        List<KarelProgram> parsed = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                KarelBenchmark.class.getResourceAsStream("/data/karel/msr_test_programs_actions_first500.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                List<String> list = new ArrayList<>();
                for (JsonNode token : mapper.readTree(line).get("program_tokens")) {
                    list.add(token.asText());
                }
                tokens.add(list);
                parsed.add(KarelParser.parse(list));
            }
        }
        SplittableRandom worlds = new SplittableRandom(2018);
        KarelGridSampler sampler = KarelGridSampler.datasetLike();
        programs = new KarelProgram[EXECUTIONS];
        inputs = new KarelGrid[EXECUTIONS];
        outputs = new KarelGrid[EXECUTIONS];
        given = new ArrayList<>();
        int n = 0;
        for (KarelProgram program : parsed) {
            List<Example<KarelGrid, KarelGrid>> examples = new ArrayList<>();
            for (KarelGrid input : sampler.sampleRunnable(program, machine, 6, 100_000, worlds)) {
                machine.run(program, input);
                programs[n] = program;
                inputs[n] = input;
                outputs[n] = machine.output();
                if (examples.size() < 5) {
                    examples.add(Example.given(input, outputs[n]));
                }
                n++;
            }
            given.add(examples);
        }
        if (n != EXECUTIONS || parsed.size() != PROGRAMS) {
            throw new IllegalStateException("expected " + EXECUTIONS + " executions, found " + n);
        }
        generator = karel.generator(Map.of());
    }

    /** Run and compare with the expected output, as a search does; no trace. */
    @Benchmark
    @OperationsPerInvocation(EXECUTIONS)
    public int execute() {
        int passed = 0;
        for (int i = 0; i < EXECUTIONS; i++) {
            if (machine.passes(programs[i], inputs[i], outputs[i])) {
                passed++;
            }
        }
        return passed;
    }

    /** Run with an SED trace (worlds after every action, events with token spans). */
    @Benchmark
    @OperationsPerInvocation(EXECUTIONS)
    public void trace(Blackhole hole) {
        for (int i = 0; i < EXECUTIONS; i++) {
            hole.consume(machine.trace(programs[i], inputs[i]));
        }
    }

    /** T(p, e) on the 5 given examples through the domain interface; per program. */
    @Benchmark
    @OperationsPerInvocation(PROGRAMS)
    public double scoreFiveExamples() {
        double total = 0;
        for (int p = 0; p < PROGRAMS; p++) {
            total += karel.score(programs[p * 6], given.get(p));
        }
        return total;
    }

    /** Parse a real program from its tokens; per program. */
    @Benchmark
    @OperationsPerInvocation(PROGRAMS)
    public void parse(Blackhole hole) throws ProgramSyntaxException {
        for (List<String> list : tokens) {
            hole.consume(KarelParser.parse(list));
        }
    }

    /** Encode a world as the dense 16x18x18 float tensor; per world. */
    @Benchmark
    @OperationsPerInvocation(EXECUTIONS)
    public float tensor() {
        float sum = 0;
        for (int i = 0; i < EXECUTIONS; i++) {
            KarelTensor.encode(inputs[i], tensor, 0);
            sum += tensor[i % KarelTensor.LENGTH];
        }
        return sum;
    }

    /** One SED mutation chain (1-3 steps) of a real program; per chain. */
    @Benchmark
    @OperationsPerInvocation(PROGRAMS)
    public void mutationChain(Blackhole hole) {
        for (int p = 0; p < PROGRAMS; p++) {
            hole.consume(mutator.mutateChain(programs[p * 6], random));
        }
    }

    /** One generated task (program and 6 filtered examples, all rejected attempts included); per task. */
    @Benchmark
    public Object generateTask() {
        return TaskGeneration.one(generator, 1, taskIndex++);
    }
}
