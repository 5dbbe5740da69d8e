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
import akka.cluster.sharding.typed.javadsl.EntityRef;
import lasso.search.Admitted;
import lasso.search.PartitionedSearch;
import lasso.search.Round;
import lasso.search.RoundAnswers;
import lasso.search.StopReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one attempt of a job's {@link PartitionedSearch} over the cluster: the frontier is split over
 * {@code S} {@link FrontierShardEntity} shards (Cluster Sharding spreads them over the executor
 * nodes), which dedup, evaluate and expand; this actor keeps the budgets and the round plans, pulls
 * the synthesizer's candidates (one synthesizer keeps the job's stream, fetched a round ahead) and
 * routes them and the debugger's edits to the shard that owns each program (what came back of the
 * current round is kept by its {@link RoundAnswers}). Progress goes to the
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
    private final List<EntityRef<FrontierShardEntity.Command>> shards = new ArrayList<>();
    private final ActorRef<FrontierShardEntity.Answer> answers;
    private final SynthesizerStream stream;

    /** The current round's answers so far; null between rounds. */
    private RoundAnswers<Program> round;
    private long waitingSinceNanos;

    private String message = "";
    private final int attempt;
    private long executed;

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
        this.answers = context.messageAdapter(FrontierShardEntity.Answer.class, GotShard::new);
        // Up to two rounds' worth of the synthesizer's candidates are fetched ahead.
        this.stream = new SynthesizerStream(jobId, spec, 2 * spec.settings().batchSize(),
                context.messageAdapter(Synthesizer.Proposed.class, GotProposal::new));
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        for (int i = 0; i < shardCount; i++) {
            EntityRef<FrontierShardEntity.Command> shard = sharding.entityRefFor(FrontierShardEntity.TYPE_KEY,
                    FrontierShardEntity.entityId(jobId, attempt, i));
            shard.tell(new FrontierShardEntity.Open(spec, spec.settings().expansionsPerRound(), answers));
            shards.add(shard);
        }
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

    // ---- the rounds of the search

    /** Moves the search on as far as the answers received allow. */
    private Behavior<Command> advance() {
        while (true) {
            if (round == null) {
                if (!stream.available()) {
                    return this;
                }
                Optional<Round<Program>> next = search.next();
                if (next.isEmpty()) {
                    return finish();
                }
                begin(next.get());
            }
            if (round.phase() == RoundAnswers.Phase.GATHER) {
                int propose = round.round().propose();
                if (round.needsProposal()) {
                    if (stream.has(propose)) {
                        round.proposal(stream.take(propose));
                    } else {
                        stream.request();
                    }
                }
                if (round.proposalReady()) {
                    offerProposal();
                    stream.request();
                }
                if (round.phase() == RoundAnswers.Phase.GATHER) {
                    if (!round.gathered()) {
                        return this;
                    }
                    offer(search.routeEdits(round.round(), round.edits()).offers());
                }
            }
            if (round.phase() != RoundAnswers.Phase.REPORT || !search.allReported()) {
                return this;
            }
            search.endRound();
            round = null;
        }
    }

    private void begin(Round<Program> next) {
        round = new RoundAnswers<>(next, shards.size());
        waitingSinceNanos = System.nanoTime();
        List<RoundAnswers.ShardExpansions<Program>> parts = round.byShard();
        for (int i = 0; i < shards.size(); i++) {
            RoundAnswers.ShardExpansions<Program> part = parts.get(i);
            if (!part.slots().isEmpty()) {
                shards.get(i).tell(new FrontierShardEntity.Expand(next.number(), part.slots(), part.expansions(), answers));
            }
        }
    }

    /**
     * Sends the synthesizer's candidates to their shards at once, so that they are evaluated while the
     * debuggers work on the round's expansions; a round without expansions is complete with them.
     */
    private void offerProposal() {
        PartitionedSearch.Routed<Program> routed = search.routeProposal(round.round(), round.proposal());
        round.proposalOffered(routed.mayCut());
        if (round.round().expand().isEmpty()) {
            search.routeEdits(round.round(), List.of());
            offer(routed.offers());
        } else {
            send(routed.offers(), false);
        }
    }

    /** The round's last part; the shards answer with their fresh candidates or their reports. */
    private void offer(List<List<Admitted<Program>>> offers) {
        round.lastPartOffered();
        waitingSinceNanos = System.nanoTime();
        send(offers, true);
    }

    private void send(List<List<Admitted<Program>>> offers, boolean last) {
        for (int i = 0; i < shards.size(); i++) {
            shards.get(i).tell(new FrontierShardEntity.Offer(round.round().number(), offers.get(i), last, round.hold(),
                    answers));
        }
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
        if (round == null) {
            return this;
        }
        waitingSinceNanos = System.nanoTime();
        if (answer instanceof FrontierShardEntity.Expanded expanded) {
            round.expanded(expanded.round(), expanded.slot(), expanded.edits());
        } else if (answer instanceof FrontierShardEntity.Fresh answered
                && round.freshFrom(answered.round(), answered.shard(), answered.candidates())) {
            long last = search.lastSeq(round.fresh());
            for (EntityRef<FrontierShardEntity.Command> shard : shards) {
                shard.tell(new FrontierShardEntity.Keep(round.round().number(), last, answers));
            }
        } else if (answer instanceof FrontierShardEntity.Reported reported
                && round.reporting(reported.report().round())) {
            search.reported(reported.shard(), reported.report());
            executed += reported.executed();
        }
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
        if (round != null && round.awaitingShards()
                && now - waitingSinceNanos > 2 * settings.requestTimeout().toNanos()) {
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
        shards.forEach(shard -> shard.tell(new FrontierShardEntity.Close()));
        stream.close();
        return Behaviors.stopped();
    }

    private JobReport report() {
        return new JobReport(search.best(), search.expansions(), search.evaluated(), search.proposed(), executed);
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
