package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.javadsl.TimerScheduler;
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

    /** The interval is over: what waited is told. */
    record TellStatus() implements AsyncShardEntity.Command, NoSerializationVerificationNeeded {
    }

    private final int chunkSize;
    private final Duration interval;
    private final TimerScheduler<? super TellStatus> timers;
    private ShardStatus<?> last;
    private long evaluatedAtLast;

    /**
     * @param chunkSize evaluations that are news in themselves
     * @param interval  the most news waits (zero: none), on the entity's {@code timers}
     */
    ShardStatusNews(int chunkSize, Duration interval, TimerScheduler<? super TellStatus> timers) {
        this.chunkSize = chunkSize;
        this.interval = interval;
        this.timers = timers;
    }

    /**
     * After a change in the shard: whether its status is to go now; if not, it goes when the
     * interval's timer ({@link TellStatus}) fires, started unless it runs already.
     */
    boolean now(AsyncShard<?> shard) {
        if (urgent(shard)) {
            timers.cancel(TellStatus.class);
            return true;
        }
        if (!timers.isTimerActive(TellStatus.class)) {
            timers.startSingleTimer(TellStatus.class, new TellStatus(), interval);
        }
        return false;
    }

    /**
     * None told yet, no interval, work held up for credit, a first answer, or its share of programs
     * newly reached.
     */
    private boolean urgent(AsyncShard<?> shard) {
        return last == null || interval.isZero() || shard.starved() || shard.solved() && last.solution() == null
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
