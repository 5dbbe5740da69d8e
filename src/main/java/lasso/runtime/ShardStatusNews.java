package lasso.runtime;

import lasso.search.AsyncShard;
import lasso.search.ShardStatus;

import java.time.Duration;

/**
 * When an async shard's status is news for its job's coordinator ({@link AsyncShardEntity}): idle with
 * news (the job's end is found from idle statuses), credit moving, an answer, its share of programs
 * reached, or a chunk of evaluations since the last status; a new best program waits for one of these.
 * What is urgent goes at once; the rest waits up to {@code lasso.frontier.status-interval}, so that a
 * burst of changes makes one message.
 */
final class ShardStatusNews {

    private final int chunkSize;
    private final boolean waits;
    private ShardStatus<?> last;
    private long evaluatedAtLast;

    /** {@code chunkSize}: evaluations that are news in themselves; {@code interval}: the most news waits (zero: none). */
    ShardStatusNews(int chunkSize, Duration interval) {
        this.chunkSize = chunkSize;
        this.waits = !interval.isZero();
    }

    /**
     * Whether the shard's status goes at once rather than after the interval: none told yet, no
     * interval, work held up for credit, a first answer, or its share of programs newly reached.
     */
    boolean urgent(AsyncShard<?> shard) {
        return last == null || !waits || shard.starved() || shard.solved() && last.solution() == null
                || shard.full() && !last.full();
    }

    /** Whether {@code status} is worth a message. */
    boolean worthTelling(ShardStatus<?> status) {
        return last == null
                || !status.busy() && !sameCounters(status, last)
                || status.moves()
                || status.solution() != last.solution()
                || status.full() && !last.full()
                || status.evaluated() - evaluatedAtLast >= chunkSize;
    }

    /** The status was told: later ones are news against it. */
    void told(ShardStatus<?> status) {
        last = status;
        evaluatedAtLast = status.evaluated();
    }

    private static boolean sameCounters(ShardStatus<?> a, ShardStatus<?> b) {
        return a.received() == b.received() && a.sentTo().equals(b.sentTo()) && a.grants() == b.grants()
                && a.evaluated() == b.evaluated() && a.expansions() == b.expansions() && a.frontier() == b.frontier();
    }
}
