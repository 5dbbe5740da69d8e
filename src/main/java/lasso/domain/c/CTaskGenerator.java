package lasso.domain.c;

import lasso.domain.Example;
import lasso.domain.TaskGenerator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random restricted-C tasks after LaSynth's recipe (models.md A.3 post-processing, A.8): a program
 * from {@link CProgramSampler}, run on distinct random input lists. An input is kept only if the run
 * succeeds (no bad index, no timeout) with every list value after every step, and every variable
 * that is not a loop counter, in [-range, range] (a counter ends one past its bound). The attempt is
 * rejected when it is longer than {@code max-tokens} tokens (LaSynth: 256), when an example finds no
 * such input in {@value #INPUT_DRAWS} draws, when the program is trivial on its examples (every
 * output equals its input, or every output is the same), or when its given examples change fewer
 * than {@code min-changed-positions} of the list's positions (a position counts when some given
 * example's output differs from its input there: data on which a model must do more than one
 * operation, where execution matters). An attempt asks for a
 * {@code for} loop with probability {@code for-probability}, so that at least half of the accepted
 * programs have one.
 */
final class CTaskGenerator implements TaskGenerator<CProgram, CArray, CArray> {

    /** The options of {@code generator(Map)} with their defaults. */
    static final Map<String, String> DEFAULTS = defaults();

    /**
     * Random inputs tried per example before the program is given up: like LaSynth's data, a program
     * keeps the inputs on which every value stays in range, and is rejected only if it has too few.
     */
    static final int INPUT_DRAWS = 40;

    private final CProgramSampler sampler;
    private final int valueRange;
    private final double forProbability;
    private final int given;
    private final int heldout;
    private final int maxTokens;
    private final int minChangedPositions;

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("min-statements", "1");
        defaults.put("max-statements", "6");
        defaults.put("max-depth", "2");
        defaults.put("max-locals", "3");
        defaults.put("value-range", "4");
        defaults.put("for-probability", "0.6");
        defaults.put("max-tokens", "256");
        defaults.put("given", "5");
        defaults.put("heldout", "5");
        defaults.put("min-changed-positions", "0");
        return defaults;
    }

    CTaskGenerator(CProgramSampler.Settings settings, double forProbability, int given, int heldout, int maxTokens,
                   int minChangedPositions) {
        this.sampler = new CProgramSampler(settings);
        this.valueRange = settings.valueRange();
        this.forProbability = forProbability;
        this.given = given;
        this.heldout = heldout;
        this.maxTokens = maxTokens;
        this.minChangedPositions = minChangedPositions;
    }

    /**
     * A generator tuned by options (see {@link #DEFAULTS}).
     *
     * @throws IllegalArgumentException naming an unknown option or a bad value
     */
    static CTaskGenerator fromOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for the c generator (known: "
                        + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        values.putAll(options);
        int maxStatements = integer(values, "max-statements", 1, 50);
        int minStatements = integer(values, "min-statements", 1, maxStatements);
        int maxDepth = integer(values, "max-depth", 0, 5);
        int maxLocals = integer(values, "max-locals", 0, CTokens.NAMES_PER_FAMILY);
        int valueRange = integer(values, "value-range", 1, 1000);
        int given = integer(values, "given", 1, 100);
        int heldout = integer(values, "heldout", 0, 100);
        int maxTokens = integer(values, "max-tokens", 16, 100_000);
        int minChanged = integer(values, "min-changed-positions", 0, CArray.LENGTH);
        double forProbability;
        try {
            forProbability = Double.parseDouble(values.get("for-probability"));
        } catch (NumberFormatException e) {
            forProbability = Double.NaN;
        }
        if (!(forProbability >= 0 && forProbability <= 1)) {
            throw new IllegalArgumentException("option for-probability must be a number in [0, 1], not '"
                    + values.get("for-probability") + "'");
        }
        return new CTaskGenerator(new CProgramSampler.Settings(minStatements, maxStatements, maxDepth, maxLocals,
                valueRange, false), forProbability, given, heldout, maxTokens, minChanged);
    }

    private static int integer(Map<String, String> values, String key, int min, int max) {
        String text = values.get(key);
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + key + " must be an integer in [" + min + ", " + max
                + "], not '" + text + "'");
    }

    @Override
    public Optional<Generated<CProgram, CArray, CArray>> attempt(RandomGenerator random) {
        CProgram program = sampler.sample(random, random.nextDouble() < forProbability);
        if (program.tokens().size() > maxTokens) {
            return Optional.empty();
        }
        RangeCheck check = new RangeCheck(program, valueRange);
        List<Example<CArray, CArray>> examples = new ArrayList<>(given + heldout);
        Set<CArray> inputs = new HashSet<>();
        Set<CArray> outputs = new HashSet<>();
        boolean identity = true;
        int[] values = new int[CArray.LENGTH];
        for (int i = 0; i < given + heldout; i++) {
            CArray input = null;
            CArray output = null;
            for (int draw = 0; draw < INPUT_DRAWS && output == null; draw++) {
                for (int k = 0; k < values.length; k++) {
                    values[k] = random.nextInt(2 * valueRange + 1) - valueRange;
                }
                input = CArray.of(values);
                output = inputs.contains(input) ? null : check.output(input);
            }
            if (output == null) {
                return Optional.empty();
            }
            inputs.add(input);
            outputs.add(output);
            identity &= output.equals(input);
            examples.add(new Example<>(input, output, i >= given));
        }
        if (identity || outputs.size() == 1 || CDomain.changedPositions(examples) < minChangedPositions) {
            return Optional.empty();
        }
        return Optional.of(new Generated<>(program, examples));
    }

    /** Watches a run step by step: the list and every variable but the loop counters stay in range. */
    static final class RangeCheck implements CMachine.Listener {
        private final CProgram program;
        private final int range;
        private final Set<String> counters;
        private final int[] frame;
        private boolean inRange;

        RangeCheck(CProgram program, int range) {
            this.program = program;
            this.range = range;
            this.counters = program.loopCounters();
            this.frame = new int[program.tracedCode().frameSize()];
        }

        /** The output, if the run on this input finishes with every checked value in range; else null. */
        CArray output(CArray input) {
            inRange = true;
            boolean ok = CInterpreter.watch(program, input, this, frame) == CMachine.OK && inRange;
            return ok ? CArray.of(Arrays.copyOf(frame, CArray.LENGTH)) : null;
        }

        @Override
        public void stepped(int site, int[] f) {
            check(site, f);
        }

        @Override
        public void condition(int site, int value, int[] f) {
            check(site, f);
        }

        @Override
        public void failed(int site, int[] f, int status) {
            inRange = false;
        }

        private void check(int site, int[] f) {
            for (int i = 0; i < CArray.LENGTH; i++) {
                inRange &= f[i] >= -range && f[i] <= range;
            }
            CCode.Site s = program.tracedCode().sites()[site];
            for (int i = 0; i < s.visibleSlots().length; i++) {
                if (!counters.contains(s.visibleNames()[i])) {
                    int value = f[s.visibleSlots()[i]];
                    inRange &= value >= -range && value <= range;
                }
            }
        }
    }
}
