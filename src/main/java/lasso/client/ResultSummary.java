package lasso.client;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;

/** The table a run prints at its end: solved, generalized, unsolved and error shares, and times. */
public final class ResultSummary {

    private ResultSummary() {
    }

    /**
     * @param title e.g. {@code tasks.jsonl: 100 karel tasks, in-process, strategy beam}
     * @param count the tasks of the run, whether or not each has its line yet
     */
    public static void print(PrintStream out, String title, Collection<ResultLine> lines, int count) {
        long solved = lines.stream().filter(ResultLine::solved).count();
        long unsolved = lines.stream().filter(l -> l.status().equals(ResultLine.UNSOLVED)).count();
        long errors = lines.stream().filter(ResultLine::failed).count();
        long generalized = lines.stream().filter(ResultLine::generalizes).count();
        long[] millis = lines.stream().filter(l -> !l.failed()).mapToLong(ResultLine::millis).sorted().toArray();
        out.printf(Locale.ROOT, "%n%s%n", title);
        out.printf(Locale.ROOT, "  %-26s %6s %8s%n", "", "tasks", "share");
        row(out, "solved (all given pass)", solved, count);
        row(out, "  and all held-out pass", generalized, count);
        row(out, "unsolved", unsolved, count);
        row(out, "error", errors, count);
        if (lines.size() < count) {
            row(out, "no answer yet", count - lines.size(), count);
        }
        if (millis.length > 0) {
            out.printf(Locale.ROOT, "  time per task: median %d ms, mean %.0f ms, max %d ms; evaluated per task: mean %.0f;"
                            + " expansions: mean %.1f%n", millis[millis.length / 2],
                    java.util.Arrays.stream(millis).average().orElse(0), millis[millis.length - 1],
                    lines.stream().mapToLong(ResultLine::evaluated).average().orElse(0),
                    lines.stream().mapToLong(ResultLine::expansions).average().orElse(0));
        }
    }

    private static void row(PrintStream out, String label, long n, int count) {
        out.printf(Locale.ROOT, "  %-26s %6d %7.1f%%%n", label, n, count == 0 ? 0 : 100.0 * n / count);
    }
}
