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
import lasso.search.Candidate;
import lasso.search.Expansion;
import lasso.search.PartitionedSearch;
import lasso.search.Proposal;
import lasso.search.Round;
import lasso.search.StopReason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Runs one attempt of a job's {@link PartitionedSearch} over the cluster: the frontier is split over
 * {@code S} {@link FrontierShardEntity} shards (Cluster Sharding spreads them over the executor
 * nodes), which dedup, evaluate and expand; this actor keeps the budgets and the round plans, pulls
 * the synthesizer's candidates (one synthesizer keeps the job's stream, fetched a round ahead) and
 * routes them and the debugger's edits to the shard that owns each program. Progress goes to the
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

    /** Where the current round is: gathering candidates, waiting for the shards' fresh ones, or their reports. */
    private enum Phase { GATHER, FRESH, REPORT }

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

    private Round<Program> round;
    private Phase phase;
    private Proposal<Program> roundProposal;
    private boolean proposalOffered;
    /** The job's evaluation budget may end in this round: the shards wait for the cut before evaluating. */
    private boolean hold;
    private List<List<Candidate<Program>>> roundEdits;
    private int editsMissing;
    private List<List<Admitted<Program>>> fresh;
    private int freshMissing;
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
            if (phase == Phase.GATHER) {
                if (round.propose() > 0 && roundProposal == null) {
                    if (stream.has(round.propose())) {
                        roundProposal = stream.take(round.propose());
                    } else {
                        stream.request();
                    }
                }
                if (!proposalOffered && (round.propose() == 0 || roundProposal != null)) {
                    offerProposal();
                    stream.request();
                }
                if (phase == Phase.GATHER) {
                    if (!proposalOffered || editsMissing > 0) {
                        return this;
                    }
                    offer(search.routeEdits(round, roundEdits).offers());
                }
            }
            if (phase != Phase.REPORT || !search.allReported()) {
                return this;
            }
            search.endRound();
            round = null;
        }
    }

    private void begin(Round<Program> next) {
        round = next;
        phase = Phase.GATHER;
        proposalOffered = false;
        roundProposal = null;
        roundEdits = new ArrayList<>(Collections.nCopies(next.expand().size(), null));
        editsMissing = next.expand().size();
        waitingSinceNanos = System.nanoTime();
        List<List<Integer>> slots = new ArrayList<>();
        List<List<Expansion<Program>>> expansions = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            slots.add(new ArrayList<>());
            expansions.add(new ArrayList<>());
        }
        for (int slot = 0; slot < next.expand().size(); slot++) {
            Expansion<Program> expansion = next.expand().get(slot);
            slots.get(expansion.shard()).add(slot);
            expansions.get(expansion.shard()).add(expansion);
        }
        for (int i = 0; i < shards.size(); i++) {
            if (!slots.get(i).isEmpty()) {
                shards.get(i).tell(new FrontierShardEntity.Expand(next.number(), slots.get(i), expansions.get(i), answers));
            }
        }
    }

    /**
     * Sends the synthesizer's candidates to their shards at once, so that they are evaluated while the
     * debuggers work on the round's expansions; a round without expansions is complete with them.
     */
    private void offerProposal() {
        PartitionedSearch.Routed<Program> routed = search.routeProposal(round, roundProposal);
        proposalOffered = true;
        hold = routed.mayCut();
        if (round.expand().isEmpty()) {
            search.routeEdits(round, List.of());
            offer(routed.offers());
        } else {
            send(routed.offers(), false);
        }
    }

    /** The round's last part; the shards answer with their fresh candidates or their reports. */
    private void offer(List<List<Admitted<Program>>> offers) {
        phase = hold ? Phase.FRESH : Phase.REPORT;
        fresh = new ArrayList<>(Collections.nCopies(shards.size(), null));
        freshMissing = shards.size();
        waitingSinceNanos = System.nanoTime();
        send(offers, true);
    }

    private void send(List<List<Admitted<Program>>> offers, boolean last) {
        for (int i = 0; i < shards.size(); i++) {
            shards.get(i).tell(new FrontierShardEntity.Offer(round.number(), offers.get(i), last, hold, answers));
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
        if (answer instanceof FrontierShardEntity.Expanded expanded && phase == Phase.GATHER
                && expanded.round() == round.number() && roundEdits.get(expanded.slot()) == null) {
            roundEdits.set(expanded.slot(), expanded.edits());
            editsMissing--;
        } else if (answer instanceof FrontierShardEntity.Fresh answered && phase == Phase.FRESH
                && answered.round() == round.number() && fresh.get(answered.shard()) == null) {
            fresh.set(answered.shard(), answered.candidates());
            if (--freshMissing == 0) {
                long last = search.lastSeq(fresh);
                phase = Phase.REPORT;
                for (EntityRef<FrontierShardEntity.Command> shard : shards) {
                    shard.tell(new FrontierShardEntity.Keep(round.number(), last, answers));
                }
            }
        } else if (answer instanceof FrontierShardEntity.Reported reported && phase == Phase.REPORT
                && reported.report().round() == round.number()) {
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
        if (round != null && (phase != Phase.GATHER || editsMissing > 0)
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
