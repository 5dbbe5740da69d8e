package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.Expansion;
import lasso.search.FrontierShard;
import lasso.search.ShardReport;

import java.util.List;

/**
 * One shard of a job's frontier, a Cluster Sharding entity ({@code JOB|ATTEMPT|INDEX}) on a node with
 * the executor role: it owns the programs of its hash range ({@link FrontierShard}: the seen-set and
 * its part of the best-first frontier), expands the programs the coordinator picks from it (an
 * executor traces each, a debugger edits it) and evaluates the candidates routed to it on executors,
 * those of its own node first ({@link ExecutorBatches}). Once every debugger it has seen is gone (a
 * debugger node died), it expands with the domain's random mutations on its own node
 * ({@link ShardExpansions}), so that the job goes on and ends with an answer instead of waiting for its
 * deadline. It keeps each program's fingerprint in its seen set and its frontier's programs without
 * their parsed form, and holds at most its share of its node's {@link HeldPrograms} bound (the
 * coordinator ends the job when it reports that share reached). Its job's state ({@link FrontierShardJob})
 * lives only in memory: an incarnation that receives a job's command without having opened it (its
 * node was lost and the shard moved) answers {@link Lost}, and the coordinator runs the job again.
 */
public final class FrontierShardEntity extends AbstractBehavior<FrontierShardEntity.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "lasso-frontier");

    public interface Command extends CborSerializable {
    }

    /** What a shard tells its coordinator. */
    public interface Answer extends CborSerializable {
    }

    /** Starts the shard of a job; {@code tops}: programs it reports from its frontier each round. */
    public record Open(JobSpec spec, int tops, ActorRef<Answer> replyTo) implements Command {
    }

    /** Expand these programs of the round (each with its place among the round's expansions). */
    public record Expand(long round, List<Integer> slots, List<Expansion<Program>> expansions,
                         ActorRef<Answer> replyTo) implements Command {
    }

    /**
     * Candidates of the round this shard owns: the synthesizer's part, then the edits ({@code last}).
     * Without {@code hold} the fresh ones are evaluated at once; with it (the job's evaluation budget
     * may end in this round) the shard reports the round's fresh ones after its last part and waits
     * for {@link Keep}.
     */
    public record Offer(long round, List<Admitted<Program>> candidates, boolean last, boolean hold,
                        ActorRef<Answer> replyTo) implements Command {
    }

    /** Evaluate the new candidates of the round up to {@code lastSeq} (the job's evaluation budget). */
    public record Keep(long round, long lastSeq, ActorRef<Answer> replyTo) implements Command {
    }

    public record Close() implements Command {
    }

    public record Expanded(int shard, long round, int slot, List<Candidate<Program>> edits) implements Answer {
    }

    public record Fresh(int shard, long round, List<Admitted<Program>> candidates) implements Answer {
    }

    /** {@code executed}: programs sent to executors this round, a batch sent again counted twice. */
    public record Reported(int shard, ShardReport<Program> report, long executed) implements Answer {
    }

    /** The shard has no state for the job (it moved to another node) or failed; the job must run again or fail. */
    public record Lost(int shard, String error, boolean failed) implements Answer {
    }

    private final String jobId;
    private final int index;
    private final ShardWorkers<FrontierShardJob.Slot> workers;
    private FrontierShardJob job;
    private ActorRef<Answer> coordinator;

    /** The behaviour of entity {@code entityId} ({@code JOB|ATTEMPT|INDEX}). */
    static Behavior<Command> create(String entityId) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new FrontierShardEntity(context, timers, entityId)));
    }

    private FrontierShardEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String entityId) {
        super(context);
        this.jobId = entityId.substring(0, entityId.indexOf('|'));
        this.index = index(entityId);
        this.workers = new ShardWorkers<>(context, timers, jobId, RuntimeSettings.from(context.getSystem().settings().config()),
                "job " + jobId + " shard " + index);
    }

    /** The entity id of shard {@code index} of a job's attempt. */
    static String entityId(String jobId, int attempt, int index) {
        return jobId + "|" + attempt + "|" + index;
    }

    /** The shard index in an entity id. */
    static int index(String entityId) {
        return Integer.parseInt(entityId.substring(entityId.lastIndexOf('|') + 1));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Open.class, this::onOpen)
                .onMessage(Expand.class, this::onExpand)
                .onMessage(Offer.class, this::onOffer)
                .onMessage(Keep.class, this::onKeep)
                .onMessage(Close.class, close -> Behaviors.stopped())
                .onMessage(ShardWorkers.Listed.class, this::onWorkersChanged)
                .onMessage(ShardWorkers.Results.class, this::onResults)
                .onMessage(ShardWorkers.Traced.class, this::onTraces)
                .onMessage(ShardWorkers.Edited.class, this::onEdits)
                .onMessage(ShardWorkers.CheckTimeouts.class, this::onCheckTimeouts)
                .onSignal(PostStop.class, stopped -> {
                    if (job != null) {
                        job.release();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onOpen(Open open) {
        if (job == null) {
            job = new FrontierShardJob(open.spec(), open.tops(), HeldPrograms.get(getContext().getSystem()).open(), workers);
        }
        coordinator = open.replyTo();
        return this;
    }

    /** Whether the job is open here; if not, the coordinator hears that this shard lost it. */
    private boolean open(ActorRef<Answer> replyTo) {
        if (job == null) {
            replyTo.tell(new Lost(index, "shard " + index + " of job " + jobId + " lost its state (its node left)", false));
            return false;
        }
        coordinator = replyTo;
        return true;
    }

    // ---- expansions

    private Behavior<Command> onExpand(Expand expand) {
        if (!open(expand.replyTo())) {
            return this;
        }
        job.expand(expand.round(), expand.slots(), expand.expansions());
        return this;
    }

    private Behavior<Command> onTraces(ShardWorkers.Traced traced) {
        String error = workers.traced(traced);
        return error == null ? this : fail(error);
    }

    private Behavior<Command> onEdits(ShardWorkers.Edited edited) {
        ShardExpansions.Done<FrontierShardJob.Slot> done = workers.edited(edited);
        if (done == null) {
            return this;
        }
        if (done.error() != null) {
            return fail(done.error());
        }
        coordinator.tell(new Expanded(index, done.tag().round(), done.tag().slot(), done.edits()));
        return this;
    }

    // ---- evaluation

    private Behavior<Command> onOffer(Offer offer) {
        if (!open(offer.replyTo()) || job.shard().offeredBefore(offer.round())) {
            return this;  // lost here, or sent again: this part is under way
        }
        job.shard().offer(offer.round(), offer.candidates(), offer.last());
        if (!offer.hold()) {
            job.keep(Long.MAX_VALUE);
            return reportIfDone();
        }
        if (offer.last()) {
            coordinator.tell(new Fresh(index, offer.round(), job.shard().fresh()));
        }
        return this;
    }

    private Behavior<Command> onKeep(Keep keep) {
        if (!open(keep.replyTo()) || !job.shard().offeredInFull(keep.round())) {
            return this;
        }
        job.keep(keep.lastSeq());
        return reportIfDone();
    }

    private Behavior<Command> onResults(ShardWorkers.Results message) {
        ExecutorBatches.Answered answered = workers.answered(message);
        if (answered == null) {
            return this;
        }
        if (answered.error() != null) {
            return fail(answered.error());
        }
        answered.recordTo(job.shard()::record);
        workers.dispatch();
        return reportIfDone();
    }

    private Behavior<Command> reportIfDone() {
        Reported report = job.reportIfDue(index);
        if (report != null) {
            coordinator.tell(report);
        }
        return this;
    }

    private Behavior<Command> fail(String error) {
        coordinator.tell(new Lost(index, error, true));
        return this;
    }

    // ---- workers joining and leaving, requests unanswered

    private Behavior<Command> onWorkersChanged(ShardWorkers.Listed listed) {
        if (workers.listed(listed) && workers.opened()) {
            workers.dispatch();
        }
        return onCheckTimeouts(null);
    }

    /** Asks again what was asked of a worker that left or stays silent for the request timeout. */
    private Behavior<Command> onCheckTimeouts(ShardWorkers.CheckTimeouts check) {
        if (workers.askAgainLate()) {
            workers.dispatch();
        }
        return this;
    }
}
