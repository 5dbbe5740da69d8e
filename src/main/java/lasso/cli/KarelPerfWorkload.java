package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelGridSampler;
import lasso.domain.karel.KarelMachine;
import lasso.domain.karel.KarelParser;
import lasso.domain.karel.KarelProgram;
import lasso.domain.karel.KarelRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Karel hot path as a search uses it: the 500 real test programs, each on up to 6 dataset-like
 * worlds on which it runs cleanly (drawn once with a fixed seed), run and compared with the expected
 * output, on one thread, NEAR rules, no traces.
 */
final class KarelPerfWorkload implements PerfCommand.Workload {

    static final long SEED = 2018;
    static final int WORLDS_PER_PROGRAM = 6;

    private final KarelMachine machine = new KarelMachine(KarelRules.near());
    private final KarelProgram[] programs;
    private final KarelGrid[] inputs;
    private final KarelGrid[] outputs;
    private final double meanActions;
    private final int programCount;

    KarelPerfWorkload() {
        List<KarelProgram> parsed = new ArrayList<>();
        for (JsonNode record : ShippedData.records(ShippedData.KAREL_PROGRAMS)) {
            try {
                parsed.add(KarelParser.parse(ShippedData.strings(record.get("program_tokens"))));
            } catch (ProgramSyntaxException e) {
                throw new IllegalStateException("a shipped Karel program does not parse: " + e.getMessage(), e);
            }
        }
        programCount = parsed.size();
        SplittableRandom random = new SplittableRandom(SEED);
        KarelGridSampler sampler = KarelGridSampler.datasetLike();
        List<KarelProgram> runPrograms = new ArrayList<>();
        List<KarelGrid> runInputs = new ArrayList<>();
        List<KarelGrid> runOutputs = new ArrayList<>();
        long actions = 0;
        for (KarelProgram program : parsed) {
            for (KarelGrid input : sampler.sampleRunnable(program, machine, WORLDS_PER_PROGRAM, 100_000, random)) {
                machine.run(program, input);
                actions += machine.actionCount();
                runPrograms.add(program);
                runInputs.add(input);
                runOutputs.add(machine.output());
            }
        }
        programs = runPrograms.toArray(new KarelProgram[0]);
        inputs = runInputs.toArray(new KarelGrid[0]);
        outputs = runOutputs.toArray(new KarelGrid[0]);
        meanActions = (double) actions / programs.length;
    }

    @Override
    public String unit() {
        return "executions";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "karel: %d real test programs x up to %d dataset-like crash-free worlds = %d "
                        + "executions per batch (mean %.1f actions), NEAR rules, output compared, one thread",
                programCount, WORLDS_PER_PROGRAM, programs.length, meanActions);
    }

    @Override
    public long runBatch() {
        int passed = 0;
        for (int i = 0; i < programs.length; i++) {
            if (machine.passes(programs[i], inputs[i], outputs[i])) {
                passed++;
            }
        }
        if (passed != programs.length) {
            throw new IllegalStateException("the interpreter is not deterministic: " + passed + "/" + programs.length);
        }
        return programs.length;
    }

    /** The same executions with a trace recorded each time. */
    long traceBatch() {
        int passed = 0;
        for (int i = 0; i < programs.length; i++) {
            if (machine.trace(programs[i], inputs[i]).success()) {
                passed++;
            }
        }
        if (passed != programs.length) {
            throw new IllegalStateException("a traced run failed where the plain run passed");
        }
        return programs.length;
    }
}
