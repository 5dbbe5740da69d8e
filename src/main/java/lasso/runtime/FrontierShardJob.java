package lasso.runtime;

import lasso.search.Expansion;
import lasso.search.FrontierShard;
import lasso.search.SeenPrograms;

import java.util.List;

/**
 * A job opened at a lock-step frontier shard entity ({@link FrontierShardEntity}): its part of the
 * search ({@link FrontierShard}), held within the shard's share of its node's {@link HeldPrograms}
 * bound, and the work that part asks of the workers ({@link ShardWorkers}): the expansions the
 * coordinator picks, each tagged with its place in its round, and the evaluations of the candidates
 * it keeps; a round's report carries the programs sent to executors since the last one.
 */
final class FrontierShardJob {

    /** Where an expansion's edits go in its round. */
    record Slot(long round, int slot) {
    }

    private final FrontierShard<Program> shard;
    private final HeldPrograms.Share share;
    private final ShardWorkers<Slot> workers;

    /** {@code tops}: programs the shard reports from its frontier each round. */
    FrontierShardJob(JobSpec spec, int tops, HeldPrograms.Share share, ShardWorkers<Slot> workers) {
        this.share = share;
        this.workers = workers;
        this.shard = new FrontierShard<>(spec.settings().strategy(), tops, SeenPrograms.fingerprints(Program::fingerprint),
                Program::withoutParsed, share);
        workers.open(spec);
    }

    /** The job's part of the search at this shard. */
    FrontierShard<Program> shard() {
        return shard;
    }

    /** Expands programs the coordinator picked from this shard's frontier, at their places in {@code round}. */
    void expand(long round, List<Integer> slots, List<Expansion<Program>> expansions) {
        for (int i = 0; i < expansions.size(); i++) {
            Expansion<Program> expansion = expansions.get(i);
            shard.take(expansion.parent());
            workers.expand(new Slot(round, slots.get(i)), expansion.parent(), expansion.index());
        }
    }

    /** Evaluates on executors the round's fresh candidates offered so far, up to {@code lastSeq} ({@link FrontierShard#keep}). */
    void keep(long lastSeq) {
        workers.evaluate(shard.keep(lastSeq));
    }

    /** The round's report with the programs sent to executors since the last, once it is due (else null). */
    FrontierShardEntity.Reported reportIfDue(int index) {
        return shard.reportDue() ? new FrontierShardEntity.Reported(index, shard.endRound(), workers.takeSent()) : null;
    }

    /** The entity stopped: what it held no longer counts against its node's bound. */
    void release() {
        share.close();
    }
}
