package lasso.search;

/** Derived seeds, so that every random choice of a job follows from its one seed. */
public final class Seeds {

    private Seeds() {
    }

    /** A seed for the {@code index}-th use of {@code seed} (SplitMix64 finaliser: neighbours are unrelated). */
    public static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
