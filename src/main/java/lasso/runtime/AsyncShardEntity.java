package lasso.runtime;

import akka.actor.DeadLetterSuppression;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import lasso.search.AsyncShard;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;
import lasso.search.ShardStatus;

import java.util.List;

/**
 * One shard of a job searched without rounds ({@link AsyncShard}), a Cluster Sharding entity
 * ({@code JOB|ATTEMPT|INDEX}) on an executor node: it takes candidates from the job's coordinator
 * (the synthesizer's) and from the other shards (their edits), evaluates the new ones on executors of
 * its node, expands its own best programs and sends each edit straight to the shard that owns it;
 * once the coordinator has told every shard where the others live ({@link Peers}), edits for another
 * node wait a little to go in one message for all that node's shards ({@link ShardMail}). It tells the
 * coordinator its status (credit asked and given back, counters, best programs) when that is news
 * ({@link ShardStatusNews}). The job's state here ({@link AsyncShardJob}) lives only in memory, as in
 * {@link FrontierShardEntity}: an incarnation that hears of a job it never opened (its node left, and
 * the shard moved) ignores it, and the coordinator, which saw the node leave, runs the job again.
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

    private final int index;
    private final RuntimeSettings settings;
    private final ShardWorkers<Long> workers;
    private final ShardMail mail;
    private final ShardStatusNews news;
    private AsyncShardJob job;
    private ActorRef<FrontierShardEntity.Answer> coordinator;
    private boolean failed;

    /** The behaviour of entity {@code entityId} ({@code JOB|ATTEMPT|INDEX}). */
    static Behavior<Command> create(String entityId) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new AsyncShardEntity(context, timers, entityId)));
    }

    private AsyncShardEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String entityId) {
        super(context);
        this.index = FrontierShardEntity.index(entityId);
        this.settings = RuntimeSettings.from(context.getSystem().settings().config());
        this.workers = new ShardWorkers<>(context, timers, entityId.substring(0, entityId.indexOf('|')), settings,
                "shard " + entityId);
        this.mail = new ShardMail(context.getSystem(), timers, settings.editWait(), entityId);
        this.news = new ShardStatusNews(settings.chunkSize(), settings.statusInterval(), timers);
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
                .onMessage(ShardMail.SendHeld.class, send -> {
                    mail.sendHeld();
                    return this;
                })
                .onMessage(Grant.class, this::onGrant)
                .onMessage(Close.class, this::onClose)
                .onMessage(ShardWorkers.Listed.class, this::onWorkersChanged)
                .onMessage(ShardWorkers.Results.class, this::onResults)
                .onMessage(ShardWorkers.Traced.class, this::onTraces)
                .onMessage(ShardWorkers.Edited.class, this::onEdits)
                .onMessage(ShardWorkers.CheckTimeouts.class, this::onCheckTimeouts)
                .onMessage(ShardStatusNews.TellStatus.class, tell -> {
                    if (open()) {
                        tellStatusIfNews();
                    }
                    return this;
                })
                .onSignal(PostStop.class, stopped -> {
                    if (job != null) {
                        job.release();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onOpen(Open open) {
        coordinator = open.replyTo();
        if (job == null) {
            job = new AsyncShardJob(index, open, settings.chunkSize() / 2, HeldPrograms.get(getContext().getSystem()).open(),
                    workers);
            mail.opened(open.shards()).forEach(job::receive);
            coordinator.tell(new Opened(index, getContext().getSelf()));
            return work();
        }
        return this;
    }

    /** Whether the job is open here and has not failed. */
    private boolean open() {
        return job != null && !failed;
    }

    private Behavior<Command> onCandidates(Candidates message) {
        Candidates mine = mail.sortOut(message);
        if (!open() || mine.parts().isEmpty()) {
            return this;
        }
        job.receive(mine);
        return work();
    }

    private Behavior<Command> onClose(Close close) {
        if (job != null) {
            close.replyTo().tell(new Status(index, job.end(), job.executed(), true));
        }
        return Behaviors.stopped();
    }

    private Behavior<Command> onGrant(Grant grant) {
        if (!open()) {
            return this;
        }
        job.shard().granted(grant.evaluations(), grant.expansions());
        return work();
    }

    private Behavior<Command> onResults(ShardWorkers.Results results) {
        ExecutorBatches.Answered answered = workers.answered(results);
        if (answered == null || !open()) {
            return this;
        }
        if (answered.error() != null) {
            return fail(answered.error());
        }
        answered.recordTo(job.shard()::record);
        return work();
    }

    private Behavior<Command> onTraces(ShardWorkers.Traced traced) {
        String error = workers.traced(traced);
        return error == null ? this : fail(error);
    }

    private Behavior<Command> onEdits(ShardWorkers.Edited edited) {
        ShardExpansions.Done<Long> done = workers.edited(edited);
        if (done == null || !open()) {
            return this;
        }
        if (done.error() != null) {
            job.shard().expansionFailed(done.parent());
            return fail(done.error());
        }
        mail.post(job.shard().expanded(done.edits()));
        return work();
    }

    /** Starts what the credit allows (evaluations, expansions) and tells the coordinator what changed. */
    private Behavior<Command> work() {
        job.startWork();
        mail.sendHeldOrWait(job.shard().expanding());
        if (news.now(job.shard())) {
            tellStatusIfNews();
        }
        return this;
    }

    private void tellStatusIfNews() {
        ShardStatus<Program> status = job.shard().status();
        if (news.worthTelling(status)) {
            news.told(status);
            coordinator.tell(new Status(index, status, job.executed(), false));
        }
    }

    private Behavior<Command> fail(String error) {
        failed = true;
        coordinator.tell(new FrontierShardEntity.Lost(index, error, true));
        return this;
    }

    private Behavior<Command> onWorkersChanged(ShardWorkers.Listed listed) {
        workers.listed(listed);
        return onCheckTimeouts(null);
    }

    /** Asks again what was asked of a worker that left or stays silent for the request timeout. */
    private Behavior<Command> onCheckTimeouts(ShardWorkers.CheckTimeouts check) {
        if (job != null) {
            job.askAgainLate();
        }
        return this;
    }
}
