package lasso.loadtest;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * When jobs are offered: at a fixed rate (one every 1/rate seconds) or as a Poisson process of that
 * rate (exponential gaps, seeded). Each job's intended start time is fixed by this schedule alone,
 * never by when earlier jobs were answered.
 */
public final class Arrivals {

    /** The kinds of schedule. */
    public enum Kind {
        FIXED, POISSON;

        public static Kind fromLabel(String label) {
            try {
                return valueOf(label.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown arrival process '" + label + "' (known: fixed, poisson)");
            }
        }
    }

    private final Kind kind;
    private final double meanGapNanos;
    private final SplittableRandom random;
    private long count;
    private double offset;

    public Arrivals(Kind kind, double ratePerSecond, long seed) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("a rate must be a positive number of jobs per second, not " + ratePerSecond);
        }
        this.kind = kind;
        this.meanGapNanos = 1e9 / ratePerSecond;
        this.random = new SplittableRandom(seed);
    }

    /** When the next job is due, in nanoseconds from the start (the first at 0). */
    public long nextOffsetNanos() {
        long next;
        if (kind == Kind.FIXED) {
            next = Math.round(count * meanGapNanos);  // not a running sum, so that rounding cannot add a job
        } else {
            next = Math.round(offset);
            offset += -Math.log(1 - random.nextDouble()) * meanGapNanos;
        }
        count++;
        return next;
    }
}
