package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.Mutator;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGenerator;
import lasso.domain.Trace;
import lasso.domain.TraceJson;
import lasso.domain.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * Karel, exactly as the Bunel et al. 2018 benchmark defines it (karel.md): the data set's tokens and
 * grammar, worlds of up to 16×16, NEAR/SED execution rules by default (GandRL's as an option), SED's
 * traces and mutations, the MSR task files and a generator following the test split's statistics.
 *
 * <p>Runs go through one {@link KarelMachine} per thread; {@link #passes} and {@link #score} allocate
 * nothing, so a search can call them millions of times.
 */
public final class KarelDomain implements Domain<KarelProgram, KarelGrid, KarelGrid> {

    public static final String NAME = "karel";

    private static final TraceJson<KarelGrid, KarelGrid> TRACE_JSON =
            new TraceJson<>(KarelGridJson::write, KarelDomain::readGrid, KarelGridJson::write, KarelDomain::readGrid);

    private final KarelRules rules;
    private final ThreadLocal<KarelMachine> machines;
    private final KarelTaskFormat format;

    /** NEAR/SED rules (the benchmark's evaluation). */
    public KarelDomain() {
        this(KarelRules.near());
    }

    public KarelDomain(KarelRules rules) {
        this.rules = rules;
        this.machines = ThreadLocal.withInitial(() -> new KarelMachine(rules));
        this.format = new KarelTaskFormat(this);
    }

    public KarelRules rules() {
        return rules;
    }

    /** The calling thread's machine, for callers that want the results of a run in detail. */
    public KarelMachine machine() {
        return machines.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Vocabulary vocabulary() {
        return KarelVocabulary.VOCABULARY;
    }

    @Override
    public List<String> tokenize(String text) throws ProgramSyntaxException {
        return KarelParser.tokenize(text);
    }

    @Override
    public KarelProgram parse(List<String> tokens) throws ProgramSyntaxException {
        return KarelParser.parse(tokens);
    }

    @Override
    public KarelProgram parse(String text) throws ProgramSyntaxException {
        return KarelParser.parseText(text);
    }

    @Override
    public List<String> tokens(KarelProgram program) {
        return program.tokens();
    }

    @Override
    public String print(KarelProgram program) {
        return program.toString();
    }

    @Override
    public Outcome<KarelGrid> run(KarelProgram program, KarelGrid input) {
        KarelMachine machine = machines.get();
        machine.run(program, input);
        return machine.outcome();
    }

    @Override
    public Trace<KarelGrid> trace(KarelProgram program, KarelGrid input) {
        return machines.get().trace(program, input);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonNode writeTrace(Trace<?> trace) {
        return TRACE_JSON.write((Trace<KarelGrid>) trace);
    }

    @Override
    public Trace<KarelGrid> readTrace(JsonNode json) throws InvalidTaskException {
        return TRACE_JSON.read(json);
    }

    private static KarelGrid readGrid(JsonNode node, String where) throws InvalidTaskException {
        try {
            return KarelGridJson.read(node);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException("trace: " + where + ": " + e.getMessage());
        }
    }

    @Override
    public boolean passes(KarelProgram program, Example<KarelGrid, KarelGrid> example) {
        return example.output() != null && machines.get().passes(program, example.input(), example.output());
    }

    @Override
    public double score(KarelProgram program, List<Example<KarelGrid, KarelGrid>> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a score needs at least one example");
        }
        KarelMachine machine = machines.get();
        int passed = 0;
        for (int i = 0, n = examples.size(); i < n; i++) {
            Example<KarelGrid, KarelGrid> example = examples.get(i);
            if (example.output() != null && machine.passes(program, example.input(), example.output())) {
                passed++;
            }
        }
        return (double) passed / examples.size();
    }

    /** Options: see {@link KarelGeneratorOptions}. */
    @Override
    public TaskGenerator<KarelProgram, KarelGrid, KarelGrid> generator(Map<String, String> options) {
        return new KarelGenerator(KarelGeneratorOptions.parse(options, rules));
    }

    @Override
    public Mutator<KarelProgram> mutator() {
        return KarelMutator.INSTANCE;
    }

    @Override
    public TaskFormat<KarelGrid, KarelGrid> taskFormat() {
        return format;
    }
}
