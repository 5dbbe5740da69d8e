package lasso.runtime;

import lasso.search.AsyncShard;
import lasso.search.Evaluated;
import lasso.search.SeenPrograms;
import lasso.search.ShardStatus;

import java.util.Optional;

/**
 * A job opened at an async shard entity ({@link AsyncShardEntity}): its part of the search
 * ({@link AsyncShard}), held within the shard's share of its node's {@link HeldPrograms} bound, and the
 * work that part asks of the workers ({@link ShardWorkers}): the evaluations its credit allows, and its
 * expansions, numbered per shard and interleaved over the job's shards for the debugger's seed. It
 * counts the programs sent to executors, for the job's result.
 */
final class AsyncShardJob {

    private final int index;
    private final int shards;
    private final AsyncShard<Program> shard;
    private final HeldPrograms.Share share;
    private final ShardWorkers<Long> workers;
    private long expansionNumber;
    private long executed;

    /** {@code headroom}: evaluation credit asked for beyond what waits (see {@link AsyncShard}). */
    AsyncShardJob(int index, AsyncShardEntity.Open open, int headroom, HeldPrograms.Share share,
                  ShardWorkers<Long> workers) {
        this.index = index;
        this.shards = open.shards();
        this.share = share;
        this.workers = workers;
        this.shard = new AsyncShard<>(index, open.shards(), open.concurrency(), headroom, Program::shardHash,
                SeenPrograms.fingerprints(Program::fingerprint), Program::withoutParsed, share);
        workers.open(open.spec());
    }

    /** The job's part of the search at this shard. */
    AsyncShard<Program> shard() {
        return shard;
    }

    /** Programs sent to executors so far, a batch sent again counted twice. */
    long executed() {
        return executed;
    }

    /** Each part received on its own, so that the shards count the routings they sent and received alike. */
    void receive(AsyncShardEntity.Candidates candidates) {
        candidates.parts().forEach(part -> shard.receive(part.candidates(), candidates.fromEditor()));
    }

    /** Starts what the credit allows: evaluations on executors, expansions. */
    void startWork() {
        workers.evaluate(shard.toEvaluate());
        executed += workers.takeSent();
        for (Optional<Evaluated<Program>> next = shard.toExpand(); next.isPresent(); next = shard.toExpand()) {
            workers.expand(expansionNumber, next.get(), expansionNumber * shards + index);
            expansionNumber++;
        }
    }

    /** Asks again what was asked of a worker that left or stays silent for the request timeout. */
    void askAgainLate() {
        workers.askAgainLate();
        workers.dispatch();
        executed += workers.takeSent();
    }

    /** The job ended: batches queued here never reach an executor (the job counts programs run); its last status. */
    ShardStatus<Program> end() {
        shard.withdrawn(workers.dropWaiting());
        return shard.status();
    }

    /** The entity stopped: what it held no longer counts against its node's bound. */
    void release() {
        share.close();
    }
}
