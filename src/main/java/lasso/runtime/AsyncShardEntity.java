package lasso.runtime;

import akka.actor.DeadLetterSuppression;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import lasso.search.AsyncShard;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;
import lasso.search.Evaluated;
import lasso.search.SeenPrograms;
import lasso.search.ShardStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One shard of a job searched without rounds ({@link AsyncShard}), a Cluster Sharding entity
 * ({@code JOB|ATTEMPT|INDEX}) on an executor node: it takes candidates from the job's coordinator
 * (the synthesizer's) and from the other shards (their edits), evaluates the new ones on executors of
 * its node, expands its own best programs and sends each edit straight to the shard that owns it. Once
 * the coordinator has told every shard where the others live ({@link Peers}), edits for another node
 * wait in an outbox while this shard is still expanding, up to {@code lasso.frontier.edit-wait}, and go
 * in one message for all that node's shards ({@link ShardMail}). It
 * tells the coordinator its status (credit asked and given back, counters, best programs) when it
 * goes idle, when it asks for or returns credit, and every chunk of evaluations, each change waiting
 * up to {@code lasso.frontier.status-interval} for others to go in the same message; an answer, and
 * work held up for credit, are told at once, and so is its share of its node's {@link HeldPrograms}
 * bound reached (the coordinator then ends the job). Like {@link FrontierShardEntity}, its state lives only in memory: an incarnation that
 * hears of a job it never opened (its node left, and the shard moved) ignores it, and the coordinator,
 * which saw the node leave, runs the job again.
 */
public final class AsyncShardEntity extends AbstractBehavior<AsyncShardEntity.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "lasso-frontier-async");

    public interface Command extends CborSerializable {
    }

    /** Starts shard INDEX of {@code shards} of a job; {@code concurrency}: programs it expands at once. */
    public record Open(JobSpec spec, int shards, int concurrency, ActorRef<FrontierShardEntity.Answer> replyTo)
            implements Command {
    }

    /**
     * Candidates for shards of one node: the synthesizer's (from the coordinator) or another shard's
     * edits, one part per routing; the shard that takes it keeps its parts and hands the others theirs.
     */
    public record Candidates(List<CandidateOutbox.Part<Program>> parts, boolean fromEditor)
            implements Command, DeadLetterSuppression {

        /** One routing's candidates for one shard. */
        public static Candidates of(int shard, List<Candidate<Program>> candidates, boolean fromEditor) {
            return new Candidates(List.of(new CandidateOutbox.Part<>(shard, candidates)), fromEditor);
        }
    }

    /** Where every shard of the job lives (its direct reference), from the coordinator once all have opened. */
    public record Peers(List<ActorRef<Command>> shards) implements Command {
    }

    /** Credit from the job's budgets. */
    public record Grant(long evaluations, long expansions) implements Command, DeadLetterSuppression {
    }

    /** The job ended: answer with a last status (exact counts for the job's result) and stop. */
    public record Close(ActorRef<FrontierShardEntity.Answer> replyTo) implements Command {
    }

    /** The shard opened: where it lives, for direct messages from now on. */
    public record Opened(int shard, ActorRef<Command> self) implements FrontierShardEntity.Answer {
    }

    /**
     * {@code executed}: programs sent to executors so far, a batch sent again counted twice;
     * {@code last}: the answer to {@link Close}.
     */
    public record Status(int shard, ShardStatus<Program> status, long executed, boolean last)
            implements FrontierShardEntity.Answer {
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

    private record TellStatus() implements Command, NoSerializationVerificationNeeded {
    }

    private record SendEdits() implements Command, NoSerializationVerificationNeeded {
    }

    private static final int MAX_EARLY = 10_000;

    private final String entityId;
    private final int index;
    private final RuntimeSettings settings;
    private final TimerScheduler<Command> timers;
    private final ExecutorBatches batches;
    private final ShardExpansions<Long> expansions;
    private final ShardMail mail;
    private JobSpec spec;
    private AsyncShard<Program> shard;
    private HeldPrograms.Share share;
    private ActorRef<FrontierShardEntity.Answer> coordinator;
    private long expansionNumber;
    private long executed;
    private final ShardStatusNews news;
    private boolean failed;
    /** Edits from other shards that came before the coordinator's Open (they do not wait for each other). */
    private final List<Candidates> early = new ArrayList<>();

    /** The behaviour of entity {@code entityId} ({@code JOB|ATTEMPT|INDEX}). */
    static Behavior<Command> create(String entityId) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            RuntimeSettings settings = RuntimeSettings.from(context.getSystem().settings().config());
            timers.startTimerWithFixedDelay(new CheckTimeouts(), settings.checkInterval());
            return new AsyncShardEntity(context, entityId, settings, timers);
        }));
    }

    private AsyncShardEntity(ActorContext<Command> context, String entityId, RuntimeSettings settings,
                             TimerScheduler<Command> timers) {
        super(context);
        this.entityId = entityId;
        this.timers = timers;
        this.index = FrontierShardEntity.index(entityId);
        this.settings = settings;
        this.news = new ShardStatusNews(settings.chunkSize(), settings.statusInterval());
        this.mail = new ShardMail(context.getSystem(), entityId);
        String jobId = entityId.substring(0, entityId.indexOf('|'));
        this.batches = new ExecutorBatches(jobId, settings, context.messageAdapter(Executor.Results.class, GotResults::new));
        this.expansions = new ShardExpansions<>(context.getSystem(), jobId, settings, batches,
                context.messageAdapter(Executor.Traced.class, GotTraces::new),
                context.messageAdapter(Debugger.Edited.class, GotEdits::new));
        ShardExpansions.subscribeToWorkers(context.getSystem(),
                context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Open.class, this::onOpen)
                .onMessage(Candidates.class, this::onCandidates)
                .onMessage(Peers.class, peers -> {
                    mail.located(peers.shards());
                    return this;
                })
                .onMessage(SendEdits.class, send -> {
                    sendEdits(true);
                    return this;
                })
                .onMessage(Grant.class, this::onGrant)
                .onMessage(Close.class, this::onClose)
                .onMessage(WorkersChanged.class, this::onWorkersChanged)
                .onMessage(GotResults.class, this::onResults)
                .onMessage(GotTraces.class, this::onTraces)
                .onMessage(GotEdits.class, this::onEdits)
                .onMessage(CheckTimeouts.class, this::onCheckTimeouts)
                .onMessage(TellStatus.class, tell -> {
                    if (open()) {
                        tellStatusIfNews();
                    }
                    return this;
                })
                .onSignal(PostStop.class, stopped -> {
                    if (share != null) {
                        share.close();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onOpen(Open open) {
        coordinator = open.replyTo();
        if (shard == null) {
            spec = open.spec();
            share = HeldPrograms.get(getContext().getSystem()).open();
            shard = new AsyncShard<>(index, open.shards(), open.concurrency(), settings.chunkSize() / 2,
                    Program::shardHash, SeenPrograms.fingerprints(Program::fingerprint), Program::withoutParsed, share);
            mail.opened(open.shards());
            early.forEach(this::receive);
            early.clear();
            coordinator.tell(new Opened(index, getContext().getSelf()));
            return work();
        }
        return this;
    }

    /** Whether the job is open here and has not failed. */
    private boolean open() {
        return shard != null && !failed;
    }

    private Behavior<Command> onCandidates(Candidates message) {
        Candidates mine = new Candidates(mail.sortOut(message), message.fromEditor());
        if (shard == null && early.size() < MAX_EARLY && !mine.parts().isEmpty()) {
            early.add(mine);
        }
        if (!open() || mine.parts().isEmpty()) {
            return this;
        }
        receive(mine);
        return work();
    }

    /** Each part received on its own, so that the shards count the routings they sent and received alike. */
    private void receive(Candidates candidates) {
        candidates.parts().forEach(part -> shard.receive(part.candidates(), candidates.fromEditor()));
    }


    private Behavior<Command> onClose(Close close) {
        if (shard != null) {
            // Batches queued here never reach an executor: the job's count is of programs run.
            shard.withdrawn(batches.dropWaiting());
            close.replyTo().tell(new Status(index, shard.status(), executed, true));
        }
        return Behaviors.stopped();
    }

    private Behavior<Command> onGrant(Grant grant) {
        if (!open()) {
            return this;
        }
        shard.granted(grant.evaluations(), grant.expansions());
        return work();
    }

    private Behavior<Command> onResults(GotResults message) {
        ExecutorBatches.Answered answered = batches.answered(message.results());
        if (answered == null || !open()) {
            return this;
        }
        if (answered.error() != null) {
            return fail(answered.error());
        }
        for (int i = 0; i < answered.candidates().size(); i++) {
            shard.record(answered.candidates().get(i).seq(), message.results().evaluations().get(i));
        }
        return work();
    }

    private Behavior<Command> onTraces(GotTraces message) {
        String error = spec == null ? null : expansions.traced(spec, message.traced());
        return error == null ? this : fail(error);
    }

    private Behavior<Command> onEdits(GotEdits message) {
        ShardExpansions.Done<Long> done = expansions.edited(message.edited());
        if (done == null || !open()) {
            return this;
        }
        if (done.error() != null) {
            shard.expansionFailed(done.parent());
            return fail(done.error());
        }
        mail.post(shard.expanded(done.edits()));
        return work();
    }

    /**
     * Sends the edits held for other nodes: all of them when {@code now}, when this shard has no
     * expansion going (no more edits are coming soon) or when the wait is zero; else they wait for
     * the next expansion's, up to the edit wait.
     */
    private void sendEdits(boolean now) {
        if (!mail.holding()) {
            return;
        }
        if (now || !shard.expanding() || settings.editWait().isZero()) {
            timers.cancel(SendEdits.class);
            mail.sendHeld();
        } else if (!timers.isTimerActive(SendEdits.class)) {
            timers.startSingleTimer(SendEdits.class, new SendEdits(), settings.editWait());
        }
    }

    /** Starts what the credit allows (evaluations, expansions) and tells the coordinator what changed. */
    private Behavior<Command> work() {
        batches.enqueue(shard.toEvaluate());
        batches.dispatch(spec);
        executed += batches.takeSent();
        for (Optional<Evaluated<Program>> next = shard.toExpand(); next.isPresent(); next = shard.toExpand()) {
            // Expansions are numbered per shard, interleaved over the shards, for the debugger's seed.
            expansions.start(spec, expansionNumber, next.get(), expansionNumber * mail.shards() + index);
            expansionNumber++;
        }
        sendEdits(false);
        if (news.urgent(shard)) {
            timers.cancel(TellStatus.class);
            tellStatusIfNews();
        } else if (!timers.isTimerActive(TellStatus.class)) {
            // The rest waits a little for more news: one status for a burst of changes.
            timers.startSingleTimer(TellStatus.class, new TellStatus(), settings.statusInterval());
        }
        return this;
    }

    private void tellStatusIfNews() {
        ShardStatus<Program> status = shard.status();
        if (news.worthTelling(status)) {
            news.told(status);
            coordinator.tell(new Status(index, status, executed, false));
        }
    }

    private Behavior<Command> fail(String error) {
        failed = true;
        coordinator.tell(new FrontierShardEntity.Lost(index, error, true));
        return this;
    }

    private Behavior<Command> onWorkersChanged(WorkersChanged message) {
        expansions.listed(message.listing());
        return onCheckTimeouts(null);
    }

    /** Asks again what was asked of a worker that left or stays silent for the request timeout. */
    private Behavior<Command> onCheckTimeouts(CheckTimeouts check) {
        if (spec == null) {
            return this;
        }
        if (expansions.askAgainLate(spec, System.nanoTime())) {
            getContext().getLog().warn("shard {}: batches unanswered for {}, sending them again", entityId,
                    settings.requestTimeout());
        }
        batches.dispatch(spec);
        executed += batches.takeSent();
        return this;
    }
}
