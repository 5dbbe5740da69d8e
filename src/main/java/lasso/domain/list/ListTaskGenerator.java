package lasso.domain.list;

import lasso.domain.Example;
import lasso.domain.TaskGenerator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Draws one random task per attempt, following the paper's recipe (deepcoder.md §2.1) as far as a
 * single attempt can: a random type-correct program of exactly {@code length} statements whose every
 * input and statement is used, inputs by constraint propagation, and rejection of programs that are
 * evidently redundant on their own examples (a statement that reproduces an earlier variable, or an
 * output that is the same for every example). The enumerative builder ({@link ListDatasetBuilder})
 * adds the global de-duplication.
 *
 * <p>Options: {@code length} (T, default 3), {@code examples} (default 5), {@code min-list-length}
 * (default 1), {@code max-list-length} (default 20).
 */
public final class ListTaskGenerator implements TaskGenerator<ListProgram, ListInput, Value> {

    /** The input signatures of dkamm's generator: lists first, then integers. */
    public static final List<List<Type>> SIGNATURES = List.of(
            List.of(Type.LIST),
            List.of(Type.LIST, Type.INT),
            List.of(Type.LIST, Type.LIST),
            List.of(Type.LIST, Type.INT, Type.INT),
            List.of(Type.LIST, Type.LIST, Type.INT),
            List.of(Type.LIST, Type.LIST, Type.LIST));

    private static final Set<String> OPTIONS = Set.of("length", "examples", "min-list-length", "max-list-length");

    private final int length;
    private final int examples;
    private final ExampleSampler sampler;

    public ListTaskGenerator(int length, int examples, int minListLength, int maxListLength) {
        if (length < 1 || length > ListProgram.MAX_VARIABLES - ListProgram.MAX_INPUTS) {
            throw new IllegalArgumentException("length must be in 1.." + (ListProgram.MAX_VARIABLES - ListProgram.MAX_INPUTS)
                    + ", got " + length);
        }
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be at least 1, got " + examples);
        }
        this.length = length;
        this.examples = examples;
        this.sampler = new ExampleSampler(minListLength, maxListLength);
    }

    /** Reads the generator options; unknown keys and bad values are errors naming them. */
    public static ListTaskGenerator fromOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown list generator option '" + key + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(OPTIONS)) + ")");
            }
        }
        return new ListTaskGenerator(intOption(options, "length", 3), intOption(options, "examples", 5),
                intOption(options, "min-list-length", 1), intOption(options, "max-list-length", ListSemantics.MAX_LENGTH));
    }

    private static int intOption(Map<String, String> options, String key, int fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be an integer, got '" + value + "'");
        }
    }

    public ExampleSampler sampler() {
        return sampler;
    }

    @Override
    public Optional<Generated<ListProgram, ListInput, Value>> attempt(RandomGenerator random) {
        ListProgram program = randomProgram(SIGNATURES.get(random.nextInt(SIGNATURES.size())), length, random);
        if (program == null || !program.usesEveryVariable()) {
            return Optional.empty();
        }
        return sampler.sample(program, examples, random)
                .filter(drawn -> !redundant(program, drawn))
                .map(drawn -> new Generated<>(program, drawn));
    }

    /**
     * A random type-correct program; arguments favour variables not used yet, so that most drawn
     * programs use all of them. Null when no operator fits at some step.
     */
    static ListProgram randomProgram(List<Type> inputs, int length, RandomGenerator random) {
        List<Type> types = new ArrayList<>(inputs);
        boolean[] used = new boolean[inputs.size() + length];
        List<Statement> statements = new ArrayList<>();
        List<Operator> fitting = new ArrayList<>();
        for (int s = 0; s < length; s++) {
            fitting.clear();
            for (Operator op : Operator.all()) {
                if (op.arguments().stream().allMatch(types::contains)) {
                    fitting.add(op);
                }
            }
            Operator op = fitting.get(random.nextInt(fitting.size()));
            List<Integer> arguments = new ArrayList<>();
            for (Type type : op.arguments()) {
                List<Integer> all = new ArrayList<>();
                List<Integer> unused = new ArrayList<>();
                for (int v = 0; v < types.size(); v++) {
                    if (types.get(v) == type && !arguments.contains(v)) {
                        all.add(v);
                        if (!used[v]) {
                            unused.add(v);
                        }
                    }
                }
                if (all.isEmpty()) { // ZIPWITH on a single list variable uses it twice
                    for (int v = 0; v < types.size(); v++) {
                        if (types.get(v) == type) {
                            all.add(v);
                        }
                    }
                }
                List<Integer> pool = !unused.isEmpty() && random.nextInt(5) != 0 ? unused : all;
                int chosen = pool.get(random.nextInt(pool.size()));
                arguments.add(chosen);
            }
            for (int argument : arguments) {
                used[argument] = true;
            }
            statements.add(new Statement(op, arguments));
            types.add(op.output());
        }
        return new ListProgram(inputs, statements);
    }

    /**
     * Whether the examples show the program to be redundant: some statement's value equals an
     * earlier variable's on every example (a shorter program does the same), or every example has
     * the same output (the examples say nothing about the inputs).
     */
    static boolean redundant(ListProgram program, List<Example<ListInput, Value>> examples) {
        Set<Value> outputs = new HashSet<>();
        for (Example<ListInput, Value> example : examples) {
            outputs.add(example.output());
        }
        if (examples.size() > 1 && outputs.size() == 1) {
            return true;
        }
        List<List<Value>> registers = new ArrayList<>();
        for (Example<ListInput, Value> example : examples) {
            registers.add(ListInterpreter.trace(program, example.input()).states().get(program.length()));
        }
        for (int v = program.inputs().size(); v < program.variables(); v++) {
            for (int u = 0; u < v; u++) {
                boolean same = true;
                for (List<Value> values : registers) {
                    same &= values.get(u).equals(values.get(v));
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }
}
