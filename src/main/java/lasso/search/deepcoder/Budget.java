package lasso.search.deepcoder;

import java.time.Duration;

/**
 * Limits of one search: the most nodes it may expand (a node is one statement applied to every
 * example) and the wall-clock time it may take. {@link #UNLIMITED} has neither.
 */
public record Budget(long maxNodes, Duration timeout) {

    public static final Budget UNLIMITED = new Budget(Long.MAX_VALUE, null);

    public Budget {
        if (maxNodes <= 0) {
            throw new IllegalArgumentException("a node budget must be positive, got " + maxNodes);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a timeout must be positive, got " + timeout);
        }
    }

    public static Budget nodes(long maxNodes) {
        return new Budget(maxNodes, null);
    }

    public static Budget time(Duration timeout) {
        return new Budget(Long.MAX_VALUE, timeout);
    }
}
