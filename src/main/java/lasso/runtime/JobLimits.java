package lasso.runtime;

import com.typesafe.config.Config;
import lasso.search.SearchSettings;

import java.time.Duration;

/**
 * The {@code lasso.limits} section: the largest job a node accepts. Every number a client gives is
 * checked against these before anything is computed from it, so that no request can overflow a
 * budget, pre-size a buffer, set a timer beyond what Akka schedules, or hold a running slot for long.
 * The gRPC API and the command line check them with their own field names; the registry checks every
 * job again, whoever submits it.
 *
 * @param maxExamples          given and held-out examples of one job together
 * @param maxLabelChars        a job's label
 * @param maxBatchSize         candidates asked of the synthesizer per round
 * @param maxEditsPerExpansion edits asked of the debugger per expansion
 * @param maxExpansions        a job's debugger budget
 * @param maxEvaluated         a job's evaluation budget
 * @param maxDeadline          a job's deadline, counted from its submission
 */
public record JobLimits(int maxExamples, int maxLabelChars, int maxBatchSize, int maxEditsPerExpansion,
                        long maxExpansions, long maxEvaluated, Duration maxDeadline) {

    /** Akka refuses timers beyond about 248 days; a deadline limit must stay well below. */
    static final Duration LONGEST_DEADLINE = Duration.ofDays(200);

    public JobLimits {
        if (maxExamples < 1 || maxLabelChars < 0 || maxBatchSize < 1 || maxEditsPerExpansion < 1
                || maxExpansions < 1 || maxEvaluated < 1 || maxDeadline.toMillis() < 1) {
            throw new IllegalArgumentException("lasso.limits: every limit must be positive: " + this);
        }
        if (maxDeadline.compareTo(LONGEST_DEADLINE) > 0) {
            throw new IllegalArgumentException("lasso.limits.max-deadline: at most " + LONGEST_DEADLINE.toDays()
                    + " days, not " + maxDeadline);
        }
    }

    public static JobLimits from(Config config) {
        Config limits = config.getConfig("lasso.limits");
        return new JobLimits(limits.getInt("max-examples"), limits.getInt("max-label-chars"),
                limits.getInt("max-batch-size"), limits.getInt("max-edits-per-expansion"),
                limits.getLong("max-expansions"), limits.getLong("max-evaluated"), limits.getDuration("max-deadline"));
    }

    /** Checks a job whoever submitted it. @throws IllegalArgumentException naming the limit and the value */
    public void check(JobSpec spec) {
        checkExamples("examples", (long) spec.givenCount() + spec.heldoutCount());
        checkLabel("label", spec.label());
        checkSearch(spec.settings(), "");
    }

    /** Checks settings whose fields are named {@code prefix + batch_size} and so on. */
    public void checkSearch(SearchSettings settings, String prefix) {
        checkBatchSize(prefix + "batch_size", settings.batchSize());
        checkEdits(prefix + "edits_per_expansion", settings.editsPerExpansion());
        checkExpansions(prefix + "max_expansions", settings.maxExpansions());
        checkEvaluated(prefix + "max_evaluated", settings.maxEvaluated());
        checkDeadline(prefix + "deadline_millis", settings.deadlineMillis());
    }

    public void checkExamples(String field, long count) {
        atMost(field, count, maxExamples, "max-examples", " examples");
    }

    public void checkLabel(String field, String label) {
        if (label != null) {
            atMost(field, label.length(), maxLabelChars, "max-label-chars", " characters");
        }
    }

    public void checkBatchSize(String field, long value) {
        atMost(field, value, maxBatchSize, "max-batch-size", "");
    }

    public void checkEdits(String field, long value) {
        atMost(field, value, maxEditsPerExpansion, "max-edits-per-expansion", "");
    }

    public void checkExpansions(String field, long value) {
        atMost(field, value, maxExpansions, "max-expansions", "");
    }

    public void checkEvaluated(String field, long value) {
        atMost(field, value, maxEvaluated, "max-evaluated", "");
    }

    public void checkDeadline(String field, long millis) {
        atMost(field, millis, maxDeadline.toMillis(), "max-deadline", " ms");
    }

    private static void atMost(String field, long value, long limit, String key, String unit) {
        if (value > limit) {
            throw new IllegalArgumentException(field + ": " + value + unit + " is above this server's limit of "
                    + limit + unit + " (lasso.limits." + key + ")");
        }
    }
}
