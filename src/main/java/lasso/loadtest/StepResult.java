package lasso.loadtest;

import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a load test at one offered rate. The report's fields: {@code offeredRate} (jobs sent
 * per second of the sending period), {@code achievedRate} (jobs answered solved or unsolved per second,
 * from the step's start to its last answer), latency percentiles of those jobs from their intended
 * start (HdrHistogram), {@code accepted} (Submit succeeded), {@code answered} (a final result came),
 * errors by status ({@code RESOURCE_EXHAUSTED}, … for failed calls, {@code CANCELLED} or {@code FAILED}
 * for jobs that ended so) and {@code lost} (accepted and never answered). The rest is for the reader:
 * the target rate, jobs sent, the most jobs outstanding at once and the generator's worst lag behind
 * its schedule.
 */
public record StepResult(double targetRate, double offeredRate, double achievedRate, double p50Millis,
                         double p90Millis, double p99Millis, double maxMillis, long sent, long accepted, long answered,
                         Map<String, Long> errors, long lost, long maxOutstanding, double maxSendLagMillis) {

    public StepResult {
        errors = Map.copyOf(new TreeMap<>(errors));
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Within the bound: p99 at most {@code sloMillis}, and every job sent answered solved or unsolved. */
    public boolean within(double sloMillis) {
        return p99Millis <= sloMillis && lost == 0 && errorCount() == 0 && answered == sent;
    }
}
