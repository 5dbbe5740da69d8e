package lasso.domain.karel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Summary statistics of a set of programs (and of the actions their examples execute), the figures
 * karel.md §5.1 gives for the test split, so that generated data can be compared with it.
 *
 * @param programs          number of programs
 * @param meanTokens        mean length in tokens
 * @param medianTokens      median length
 * @param p90Tokens         90th percentile of the length
 * @param meanStatements    mean number of statements (nested ones included)
 * @param depthFractions    fraction of programs of nesting depth 0, 1, …, 5 (5: 5 or more)
 * @param repeatFraction    fraction of programs with a REPEAT (likewise WHILE, IF, IFELSE)
 * @param meanActions       mean number of actions an example executes (NaN if not measured)
 */
public record KarelStatistics(int programs, double meanTokens, double medianTokens, double p90Tokens,
                              double meanStatements, List<Double> depthFractions, double repeatFraction,
                              double whileFraction, double ifFraction, double ifElseFraction, double meanActions) {

    /** The test split's figures (karel.md §5.1, 2,500 tasks). */
    public static final KarelStatistics TEST_SPLIT = new KarelStatistics(2500, 18.4, 16, 33, 6.5,
            List.of(659 / 2500.0, 978 / 2500.0, 601 / 2500.0, 214 / 2500.0, 40 / 2500.0, 8 / 2500.0),
            908 / 2500.0, 831 / 2500.0, 611 / 2500.0, 701 / 2500.0, 7.9);

    /** Statistics of these programs; {@code actionsPerExample} may be empty. */
    public static KarelStatistics of(List<KarelProgram> programs, int[] actionsPerExample) {
        int n = programs.size();
        if (n == 0) {
            throw new IllegalArgumentException("statistics need at least one program");
        }
        int[] lengths = new int[n];
        double statements = 0;
        double[] depths = new double[6];
        int[] constructs = new int[4];
        for (int i = 0; i < n; i++) {
            KarelProgram program = programs.get(i);
            lengths[i] = program.size();
            statements += program.statementCount();
            depths[Math.min(5, program.depth())]++;
            boolean[] has = new boolean[4];
            mark(program.body(), has);
            for (int c = 0; c < 4; c++) {
                constructs[c] += has[c] ? 1 : 0;
            }
        }
        Arrays.sort(lengths);
        for (int d = 0; d < depths.length; d++) {
            depths[d] /= n;
        }
        double actions = actionsPerExample.length == 0 ? Double.NaN : Arrays.stream(actionsPerExample).average().orElseThrow();
        return new KarelStatistics(n, Arrays.stream(lengths).average().orElseThrow(), percentile(lengths, 0.5),
                percentile(lengths, 0.9), statements / n, Arrays.stream(depths).boxed().toList(), (double) constructs[0] / n, (double) constructs[1] / n,
                (double) constructs[2] / n, (double) constructs[3] / n, actions);
    }

    private static double percentile(int[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static void mark(List<Statement> block, boolean[] has) {
        for (Statement statement : block) {
            if (statement instanceof Statement.Repeat) {
                has[0] = true;
            } else if (statement instanceof Statement.While) {
                has[1] = true;
            } else if (statement instanceof Statement.If) {
                has[2] = true;
            } else if (statement instanceof Statement.IfElse) {
                has[3] = true;
            }
            for (List<Statement> child : Statements.blocks(statement)) {
                mark(child, has);
            }
        }
    }

    /** A few lines for people. */
    public String describe() {
        return String.format(Locale.ROOT,
                "programs: %d; tokens mean %.1f, median %.0f, p90 %.0f; statements mean %.1f%n"
                        + "depth 0..5: %s%n"
                        + "with REPEAT %.0f%%, WHILE %.0f%%, IF %.0f%%, IFELSE %.0f%%; actions per example mean %.1f",
                programs, meanTokens, medianTokens, p90Tokens, meanStatements, percentages(depthFractions),
                100 * repeatFraction, 100 * whileFraction, 100 * ifFraction, 100 * ifElseFraction, meanActions);
    }

    private static String percentages(List<Double> fractions) {
        StringBuilder text = new StringBuilder();
        for (double fraction : fractions) {
            text.append(text.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.0f%%", 100 * fraction));
        }
        return text.toString();
    }
}
