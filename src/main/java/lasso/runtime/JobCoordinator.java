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
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.Expansion;
import lasso.search.PartitionedSearch;
import lasso.search.Proposal;
import lasso.search.Round;
import lasso.search.StopReason;

import java.time.Duration;
import java.util.ArrayDeque;
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
    private final ActorRef<Synthesizer.Proposed> proposals;

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

    private List<ActorRef<Synthesizer.Command>> synthesizers = List.of();
    private ActorRef<Synthesizer.Command> synthesizer;
    private long proposalRequest;
    private long proposalSentNanos = -1;
    /**
     * The synthesizer's candidates not yet taken by a round. Each round takes exactly the next
     * {@code propose} of them (fewer only at the end of the stream), however the synthesizer cut its
     * batches, so a job's search does not depend on timing; up to two rounds' worth is fetched ahead.
     */
    private final ArrayDeque<Candidate<Program>> proposed = new ArrayDeque<>();
    private boolean streamExhausted;
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
        this.proposals = context.messageAdapter(Synthesizer.Proposed.class, GotProposal::new);
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        for (int i = 0; i < shardCount; i++) {
            EntityRef<FrontierShardEntity.Command> shard = sharding.entityRefFor(FrontierShardEntity.TYPE_KEY,
                    FrontierShardEntity.entityId(jobId, attempt, i));
            shard.tell(new FrontierShardEntity.Open(spec, spec.settings().expansionsPerRound(), answers));
            shards.add(shard);
        }
    }

    private Behavior<Command> start() {
        getContext().getSystem().receptionist().tell(Receptionist.subscribe(Synthesizer.SERVICE_KEY,
                getContext().messageAdapter(Receptionist.Listing.class, SynthesizersChanged::new)));
        Cluster.get(getContext().getSystem()).subscriptions().tell(Subscribe.create(
                getContext().messageAdapter(ClusterEvent.MemberRemoved.class, NodeRemoved::new),
                ClusterEvent.MemberRemoved.class));
        long left = spec.settings().deadlineNanos() - (System.nanoTime() - startNanos);
        timers.startSingleTimer(new DeadlineReached(),
                Duration.ofNanos(Math.max(0, Math.min(left, JobLimits.LONGEST_DEADLINE.toNanos()))));
        timers.startTimerWithFixedDelay(new ReportProgress(), settings.progressInterval());
        Duration check = settings.requestTimeout().dividedBy(4);
        timers.startTimerWithFixedDelay(new CheckTimeouts(), check.toMillis() < 100 ? Duration.ofMillis(100) : check);
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
                if (synthesizers.isEmpty()) {
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
                    if (proposed.size() >= round.propose() || streamExhausted) {
                        roundProposal = take(round.propose());
                    } else {
                        requestProposal();
                    }
                }
                if (!proposalOffered && (round.propose() == 0 || roundProposal != null)) {
                    offerProposal();
                    requestProposal();
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

    /** The next {@code count} candidates of the stream (all that is left at its end). */
    private Proposal<Program> take(int count) {
        List<Candidate<Program>> batch = new ArrayList<>(Math.min(count, proposed.size()));
        while (batch.size() < count && !proposed.isEmpty()) {
            batch.add(proposed.poll());
        }
        return new Proposal<>(batch, streamExhausted && proposed.isEmpty());
    }

    /** Asks the synthesizer for more when fewer than two rounds' worth of candidates are at hand. */
    private void requestProposal() {
        int wanted = (int) Math.min(Integer.MAX_VALUE, 2L * spec.settings().batchSize() - proposed.size());
        if (proposalSentNanos >= 0 || streamExhausted || wanted <= 0 || synthesizers.isEmpty()) {
            return;
        }
        if (synthesizer == null) {
            // Jobs spread over the synthesizers; a job keeps its one (its stream lives there).
            synthesizer = synthesizers.get(Math.floorMod(jobId.hashCode(), synthesizers.size()));
            // An earlier attempt's stream may still be open there: this attempt starts from the beginning.
            synthesizer.tell(new Synthesizer.Close(jobId));
        }
        proposalRequest++;
        proposalSentNanos = System.nanoTime();
        synthesizer.tell(new Synthesizer.Propose(jobId, spec, proposalRequest, wanted, proposals));
    }

    private Behavior<Command> onProposal(GotProposal message) {
        Synthesizer.Proposed answer = message.proposed();
        if (answer.request() != proposalRequest || proposalSentNanos < 0) {
            return this;
        }
        proposalSentNanos = -1;
        if (answer.error() != null) {
            return stop(StopReason.ERROR, answer.error());
        }
        proposed.addAll(answer.candidates());
        streamExhausted |= answer.exhausted();
        requestProposal();
        return advance();
    }

    private Behavior<Command> onSynthesizersChanged(SynthesizersChanged message) {
        synthesizers = ExecutorBatches.sorted(message.listing().getServiceInstances(Synthesizer.SERVICE_KEY));
        if (synthesizer != null && !synthesizers.contains(synthesizer)) {
            // The job's stream was lost with its synthesizer: from this round on it comes from another,
            // started again; the shards' seen-sets drop what was already evaluated.
            synthesizer = null;
            proposalSentNanos = -1;
        }
        return advance();
    }

    /**
     * An executor node left the cluster: with it went its frontier shards (a job's shards are spread
     * over every executor node), and with them parts of the seen-set and the frontier, so the job
     * runs again rather than wait for answers that will not come.
     */
    private Behavior<Command> onNodeRemoved(NodeRemoved message) {
        if (!message.removed().member().hasRole(Node.EXECUTOR)) {
            return this;
        }
        job.tell(new JobEntity.AttemptLost("executor node " + message.removed().member().address() + " left"));
        return Behaviors.stopped();
    }

    private Behavior<Command> onCheckTimeouts(CheckTimeouts check) {
        long now = System.nanoTime();
        if (proposalSentNanos >= 0 && now - proposalSentNanos > settings.requestTimeout().toNanos()) {
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
        job.tell(new JobEntity.Progressed(snapshot(JobState.RUNNING, null)));
        return this;
    }

    private Behavior<Command> stop(StopReason reason, String note) {
        search.stop(reason);
        message = note;
        return finish();
    }

    /** Reports the result, closes the shards and the synthesizer's stream, and stops. */
    private Behavior<Command> finish() {
        StopReason reason = search.stopReason();
        JobState state = switch (reason) {
            case FOUND -> JobState.SOLVED;
            case CANCELLED -> JobState.CANCELLED;
            case ERROR -> JobState.FAILED;
            default -> JobState.UNSOLVED;
        };
        JobResult result;
        try {
            result = snapshot(state, reason);
        } catch (RuntimeException e) {
            getContext().getLog().warn("job {}: cannot report the best program", jobId, e);
            result = JobResult.ended(jobId, spec, JobState.FAILED, StopReason.ERROR, millis(),
                    "cannot report the best program: " + e);
        }
        job.tell(new JobEntity.Finished(result));
        shards.forEach(shard -> shard.tell(new FrontierShardEntity.Close()));
        if (synthesizer != null) {
            synthesizer.tell(new Synthesizer.Close(jobId));
        }
        return Behaviors.stopped();
    }

    /**
     * The job as it stands. A final result runs the reported program on every example, held-out ones
     * included, on this node.
     */
    private JobResult snapshot(JobState state, StopReason reason) {
        Optional<Evaluated<Program>> best = search.best();
        List<String> tokens = best.map(b -> b.program().tokens()).orElse(List.of());
        String program = "";
        Evaluation evaluation = best.map(Evaluated::evaluation).orElse(null);
        if (best.isPresent()) {
            DecodedJob<?, ?, ?> decoded = JobCache.get(getContext().getSystem()).decoded(jobId, spec);
            program = print(decoded, best.get().program());
            if (reason != null) {
                evaluation = evaluateAll(decoded, best.get().program());
            }
        }
        return new JobResult(jobId, spec.label(), state, reason, spec.settings().strategy(), tokens, program,
                evaluation == null ? 0 : evaluation.givenPassed(), spec.givenCount(),
                evaluation == null ? 0 : evaluation.heldoutPassed(), spec.heldoutCount(),
                search.expansions(), search.evaluated(), search.proposed(), executed, attempt, millis(), message);
    }

    private static <P> String print(DecodedJob<P, ?, ?> job, Program program) {
        return job.domain().print(job.parse(program));
    }

    private static <P> Evaluation evaluateAll(DecodedJob<P, ?, ?> job, Program program) {
        return job.evaluator().evaluateAll(job.parse(program));
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
