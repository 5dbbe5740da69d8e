package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import lasso.search.PartitionedSearch;
import lasso.search.StopReason;

/**
 * Runs one attempt of a job's {@link PartitionedSearch} over the cluster: the frontier is split over
 * {@code S} {@link FrontierShardEntity} shards (Cluster Sharding spreads them over the executor
 * nodes), which dedup, evaluate and expand; this actor pulls the synthesizer's candidates (one
 * synthesizer keeps the job's stream, fetched a round ahead) and hands the shards' answers to the
 * attempt's {@link LockStepRounds}, which keeps the budgets and the round plans and routes the
 * candidates and the debugger's edits to the shard that owns each program. Progress goes to the
 * job at a fixed interval, the result when the search stops. A shard that lost its state (its node
 * left) or stays silent makes the attempt {@link JobEntity.AttemptLost lost}: the job runs again.
 */
public final class JobCoordinator extends AbstractBehavior<JobCoordinator.Command> {

    public interface Command extends CborSerializable {
    }

    /** Stop searching; the job ends as cancelled, with this note. */
    public record Cancel(String message) implements Command {
    }

    private record GotShard(FrontierShardEntity.Answer answer) implements Command, NoSerializationVerificationNeeded {
    }

    private record SynthesizersChanged(Receptionist.Listing listing)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record GotProposal(Synthesizer.Proposed proposed) implements Command, NoSerializationVerificationNeeded {
    }

    private record NodeRemoved(ClusterEvent.MemberRemoved removed) implements Command, NoSerializationVerificationNeeded {
    }

    private record DeadlineReached() implements Command, NoSerializationVerificationNeeded {
    }

    private record ReportProgress() implements Command, NoSerializationVerificationNeeded {
    }

    private record CheckTimeouts() implements Command, NoSerializationVerificationNeeded {
    }

    private final String jobId;
    private final JobSpec spec;
    private final long startNanos;
    private final ActorRef<JobEntity.Command> job;
    private final RuntimeSettings settings;
    private final TimerScheduler<Command> timers;
    private final PartitionedSearch<Program> search;
    private final LockStepShards shards;
    private final SynthesizerStream stream;
    private final LockStepRounds rounds;

    private String message = "";
    private final int attempt;

    /**
     * @param startNanos the job's submission on this JVM's {@code System.nanoTime()}: its deadline counts from there
     * @param shardCount how many frontier shards the attempt spreads over
     */
    static Behavior<Command> create(String jobId, int attempt, JobSpec spec, long startNanos, int shardCount,
                                    ActorRef<JobEntity.Command> job) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new JobCoordinator(context, timers, jobId, attempt, spec, startNanos, shardCount, job).start()));
    }

    private JobCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, String jobId, int attempt,
                           JobSpec spec, long startNanos, int shardCount, ActorRef<JobEntity.Command> job) {
        super(context);
        this.timers = timers;
        this.jobId = jobId;
        this.attempt = attempt;
        this.spec = spec;
        this.startNanos = startNanos;
        this.job = job;
        this.settings = RuntimeSettings.from(context.getSystem().settings().config());
        this.search = new PartitionedSearch<>(spec.settings(), shardCount, Program::shardHash, System::nanoTime,
                startNanos);
        // Up to two rounds' worth of the synthesizer's candidates are fetched ahead.
        this.stream = new SynthesizerStream(jobId, spec, 2 * spec.settings().batchSize(),
                context.messageAdapter(Synthesizer.Proposed.class, GotProposal::new));
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        this.shards = new LockStepShards(shardCount, i -> sharding.entityRefFor(FrontierShardEntity.TYPE_KEY,
                FrontierShardEntity.entityId(jobId, attempt, i)), spec,
                context.messageAdapter(FrontierShardEntity.Answer.class, GotShard::new));
        this.rounds = new LockStepRounds(search, stream, shards);
    }

    private Behavior<Command> start() {
        JobAttempts.listen(getContext(), timers, settings, spec, startNanos, SynthesizersChanged::new, NodeRemoved::new,
                new DeadlineReached(), new ReportProgress(), new CheckTimeouts());
        return this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SynthesizersChanged.class, this::onSynthesizersChanged)
                .onMessage(GotProposal.class, this::onProposal)
                .onMessage(GotShard.class, this::onShard)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessage(Cancel.class, cancel -> stop(StopReason.CANCELLED, cancel.message()))
                .onMessage(DeadlineReached.class, deadline -> stop(StopReason.DEADLINE, ""))
                .onMessage(ReportProgress.class, this::onReportProgress)
                .onMessage(CheckTimeouts.class, this::onCheckTimeouts)
                .build();
    }

    /** Moves the search on as far as the answers received allow. */
    private Behavior<Command> advance() {
        return rounds.advance() ? this : finish();
    }

    private Behavior<Command> onShard(GotShard message) {
        FrontierShardEntity.Answer answer = message.answer();
        if (answer instanceof FrontierShardEntity.Lost lost) {
            if (lost.failed()) {
                return stop(StopReason.ERROR, lost.error());
            }
            job.tell(new JobEntity.AttemptLost(lost.error()));
            return Behaviors.stopped();
        }
        rounds.answered(answer);
        return advance();
    }

    private Behavior<Command> onProposal(GotProposal message) {
        String error = stream.answered(message.proposed());
        return error == null ? advance() : stop(StopReason.ERROR, error);
    }

    private Behavior<Command> onSynthesizersChanged(SynthesizersChanged message) {
        stream.listed(message.listing());
        stream.request();
        return advance();
    }

    private Behavior<Command> onNodeRemoved(NodeRemoved message) {
        return JobAttempts.lostShards(message.removed(), job) ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onCheckTimeouts(CheckTimeouts check) {
        long now = System.nanoTime();
        if (stream.late(now, settings.requestTimeout().toNanos())) {
            return stop(StopReason.ERROR, "the synthesizer did not answer within " + settings.requestTimeout());
        }
        // A shard answers every round; one silent for twice the request timeout is taken for lost.
        if (rounds.shardsSilent(now, 2 * settings.requestTimeout().toNanos())) {
            job.tell(new JobEntity.AttemptLost("the frontier shards did not answer within "
                    + settings.requestTimeout().multipliedBy(2)));
            return Behaviors.stopped();
        }
        return this;
    }

    // ---- progress and the end

    /** Every interval, even when nothing moved: a watcher sees the job's time advance (and that it is alive). */
    private Behavior<Command> onReportProgress(ReportProgress tick) {
        job.tell(new JobEntity.Progressed(report().result(getContext().getSystem(), jobId, spec, attempt,
                JobState.RUNNING, null, millis(), message)));
        return this;
    }

    private Behavior<Command> stop(StopReason reason, String note) {
        search.stop(reason);
        message = note;
        return finish();
    }

    /** Reports the result, closes the shards and the synthesizer's stream, and stops. */
    private Behavior<Command> finish() {
        if (search.stopReason() == StopReason.MEMORY_BUDGET) {
            search.fullShare().ifPresent(share -> message = HeldPrograms.reached(search.held(), share));
        }
        job.tell(new JobEntity.Finished(report().finalResult(getContext().getSystem(), jobId, spec, attempt,
                search.stopReason(), millis(), message)));
        shards.close();
        stream.close();
        return Behaviors.stopped();
    }

    private JobReport report() {
        return new JobReport(search.best(), search.expansions(), search.evaluated(), search.proposed(), rounds.executed());
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
