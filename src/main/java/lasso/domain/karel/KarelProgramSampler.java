package lasso.domain.karel;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random programs from the grammar of karel.md §1.3. The choice probabilities were set by hand so that,
 * after the generator's filters, lengths, nesting depths and the mix of constructs come close to the
 * test split's summary figures (§5.1; {@code KarelGeneratorTest} measures them); the repeat counts
 * follow the split's histogram.
 */
final class KarelProgramSampler {

    /** Probability that a statement is compound, by nesting depth (top level = 0). */
    private static final double[] COMPOUND = {0.48, 0.22, 0.12, 0.08, 0.05};
    /** REPEAT, WHILE, IF, IFELSE. */
    private static final double[] CONSTRUCT = {0.34, 0.33, 0.15, 0.16};
    /** move, turnLeft, turnRight, pickMarker, putMarker. */
    private static final double[] ACTION = {0.3, 0.14, 0.14, 0.2, 0.22};
    /** Top-level length: 2 + a geometric count with this continuation probability. */
    private static final double TOP = 0.28;
    /** Body length: 1 + a geometric count with this continuation probability. */
    private static final double BODY = 0.5;
    /** R=2..R=10, the test split's counts (§5.1). */
    private static final double[] COUNT = {200, 172, 194, 232, 94, 93, 54, 47, 20};
    private static final double NEGATION = 0.22;

    private final int maxDepth;

    KarelProgramSampler(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    KarelProgram sample(RandomGenerator random) {
        int length = 2 + geometric(random, TOP);
        return new KarelProgram(block(random, length, 0));
    }

    private List<Statement> block(RandomGenerator random, int length, int depth) {
        List<Statement> block = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            block.add(statement(random, depth));
        }
        return block;
    }

    private List<Statement> body(RandomGenerator random, int depth) {
        return block(random, 1 + geometric(random, BODY), depth);
    }

    private Statement statement(RandomGenerator random, int depth) {
        double compound = depth < maxDepth ? COMPOUND[Math.min(depth, COMPOUND.length - 1)] : 0;
        if (random.nextDouble() >= compound) {
            return Action.of(pick(random, ACTION));
        }
        return switch (pick(random, CONSTRUCT)) {
            case 0 -> new Statement.Repeat(2 + pick(random, COUNT), body(random, depth + 1));
            case 1 -> new Statement.While(condition(random), body(random, depth + 1));
            case 2 -> new Statement.If(condition(random), body(random, depth + 1));
            default -> new Statement.IfElse(condition(random), body(random, depth + 1), body(random, depth + 1));
        };
    }

    private static Condition condition(RandomGenerator random) {
        Sensor sensor = Sensor.of(random.nextInt(5));
        boolean clearTest = sensor.ordinal() <= Sensor.RIGHT_IS_CLEAR.ordinal();
        return new Condition(sensor, clearTest && random.nextDouble() < NEGATION);
    }

    /** Number of successes before the first failure, each with probability {@code p}. */
    private static int geometric(RandomGenerator random, double p) {
        int n = 0;
        while (random.nextDouble() < p) {
            n++;
        }
        return n;
    }

    private static int pick(RandomGenerator random, double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
