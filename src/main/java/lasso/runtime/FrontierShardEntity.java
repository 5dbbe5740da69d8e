package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.Expansion;
import lasso.search.FrontierShard;
import lasso.search.SeenPrograms;
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
 * coordinator ends the job when it reports that share reached). Its state lives only in memory: an
 * incarnation that receives a job's command without having opened it (its node was lost and the
 * shard moved) answers {@link Lost}, and the coordinator runs the job again.
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

    private record WorkersChanged(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotResults(Executor.Results results) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotTraces(Executor.Traced traced) implements Command, NoSerializationVerificationNeeded {
    }

    private record GotEdits(Debugger.Edited edited) implements Command, NoSerializationVerificationNeeded {
    }

    private record CheckTimeouts() implements Command, NoSerializationVerificationNeeded {
    }

    /** Where an expansion's edits go in its round. */
    private record Slot(long round, int slot) {
    }

    private final String jobId;
    private final int index;
    private final RuntimeSettings settings;
    private JobSpec spec;
    private FrontierShard<Program> shard;
    private HeldPrograms.Share share;
    private ActorRef<Answer> coordinator;
    private final ExecutorBatches batches;
    private final ShardExpansions<Slot> expansions;

    /** The behaviour of entity {@code entityId} ({@code JOB|ATTEMPT|INDEX}). */
    static Behavior<Command> create(String entityId) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            RuntimeSettings settings = RuntimeSettings.from(context.getSystem().settings().config());
            timers.startTimerWithFixedDelay(new CheckTimeouts(), settings.checkInterval());
            return new FrontierShardEntity(context, entityId, settings);
        }));
    }

    private FrontierShardEntity(ActorContext<Command> context, String entityId, RuntimeSettings settings) {
        super(context);
        this.jobId = entityId.substring(0, entityId.indexOf('|'));
        this.index = index(entityId);
        this.settings = settings;
        this.batches = new ExecutorBatches(jobId, settings, context.messageAdapter(Executor.Results.class, GotResults::new));
        this.expansions = new ShardExpansions<>(context.getSystem(), jobId, settings, batches,
                context.messageAdapter(Executor.Traced.class, GotTraces::new),
                context.messageAdapter(Debugger.Edited.class, GotEdits::new));
        ShardExpansions.subscribeToWorkers(context.getSystem(),
                context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new));
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
                .onMessage(WorkersChanged.class, this::onWorkersChanged)
                .onMessage(GotResults.class, this::onResults)
                .onMessage(GotTraces.class, this::onTraces)
                .onMessage(GotEdits.class, this::onEdits)
                .onMessage(CheckTimeouts.class, this::onCheckTimeouts)
                .onSignal(PostStop.class, stopped -> {
                    if (share != null) {
                        share.close();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onOpen(Open open) {
        if (shard == null) {
            spec = open.spec();
            share = HeldPrograms.get(getContext().getSystem()).open();
            shard = new FrontierShard<>(spec.settings().strategy(), open.tops(),
                    SeenPrograms.fingerprints(Program::fingerprint), Program::withoutParsed, share);
        }
        coordinator = open.replyTo();
        return this;
    }

    /** Whether the job is open here; if not, the coordinator hears that this shard lost it. */
    private boolean open(ActorRef<Answer> replyTo) {
        if (shard == null) {
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
        for (int i = 0; i < expand.expansions().size(); i++) {
            Expansion<Program> expansion = expand.expansions().get(i);
            shard.take(expansion.parent());
            expansions.start(spec, new Slot(expand.round(), expand.slots().get(i)), expansion.parent(),
                    expansion.index());
        }
        return this;
    }

    private Behavior<Command> onTraces(GotTraces message) {
        String error = expansions.traced(spec, message.traced());
        return error == null ? this : fail(error);
    }

    private Behavior<Command> onEdits(GotEdits message) {
        ShardExpansions.Done<Slot> done = expansions.edited(message.edited());
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
        if (!open(offer.replyTo())) {
            return this;
        }
        if (shard.offeredBefore(offer.round())) {
            return this;  // sent again: this part is under way
        }
        shard.offer(offer.round(), offer.candidates(), offer.last());
        if (!offer.hold()) {
            return evaluate(shard.keep(Long.MAX_VALUE));
        }
        if (offer.last()) {
            coordinator.tell(new Fresh(index, offer.round(), shard.fresh()));
        }
        return this;
    }

    private Behavior<Command> onKeep(Keep keep) {
        if (!open(keep.replyTo()) || !shard.offeredInFull(keep.round())) {
            return this;
        }
        return evaluate(shard.keep(keep.lastSeq()));
    }

    private Behavior<Command> evaluate(List<Admitted<Program>> kept) {
        batches.enqueue(kept);
        batches.dispatch(spec);
        return reportIfDone();
    }

    private Behavior<Command> onResults(GotResults message) {
        ExecutorBatches.Answered answered = batches.answered(message.results());
        if (answered == null) {
            return this;
        }
        if (answered.error() != null) {
            return fail(answered.error());
        }
        for (int i = 0; i < answered.candidates().size(); i++) {
            shard.record(answered.candidates().get(i).seq(), message.results().evaluations().get(i));
        }
        batches.dispatch(spec);
        return reportIfDone();
    }

    private Behavior<Command> reportIfDone() {
        if (shard.reportDue()) {
            coordinator.tell(new Reported(index, shard.endRound(), batches.takeSent()));
        }
        return this;
    }

    private Behavior<Command> fail(String error) {
        coordinator.tell(new Lost(index, error, true));
        return this;
    }

    // ---- workers joining and leaving, requests unanswered

    private Behavior<Command> onWorkersChanged(WorkersChanged message) {
        expansions.listed(message.listing());
        if (spec != null && message.listing().isForKey(Executor.SERVICE_KEY)) {
            batches.dispatch(spec);
        }
        return onCheckTimeouts(null);
    }

    /** Asks again what was asked of a worker that left or stays silent for the request timeout. */
    private Behavior<Command> onCheckTimeouts(CheckTimeouts check) {
        if (spec != null && expansions.askAgainLate(spec, System.nanoTime())) {
            getContext().getLog().warn("job {} shard {}: batches unanswered for {}, sending them again", jobId, index,
                    settings.requestTimeout());
            batches.dispatch(spec);
        }
        return this;
    }
}
