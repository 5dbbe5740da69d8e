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
import lasso.search.AsyncSearch;
import lasso.search.StopReason;

import java.util.List;

/**
 * Runs one attempt of a best-first job whose frontier shards search on their own
 * ({@code lasso.frontier.mode = async}; {@link AsyncSearch}): it opens the {@link AsyncShardEntity}
 * shards, routes the synthesizer's batches to the shards that own each candidate as the search paces
 * them (once every shard has told where it lives, by direct reference, one message per node:
 * {@link JobShards}), grants the shards credit from the job's budgets, and ends the search on an answer, a budget,
 * the deadline or when nothing is left to do. Shard messages never wait on it: edits go from shard to
 * shard, and credit is asked for ahead. A node that leaves with shards, or shards silent while work is
 * outstanding, make the attempt {@link JobEntity.AttemptLost lost}, as in lock-step.
 */
final class AsyncCoordinator extends AbstractBehavior<JobCoordinator.Command> {

    private record GotShard(FrontierShardEntity.Answer answer)
            implements JobCoordinator.Command, NoSerializationVerificationNeeded {
    }

    private record SynthesizersChanged(Receptionist.Listing listing)
            implements JobCoordinator.Command, NoSerializationVerificationNeeded {
    }

    private record GotProposal(Synthesizer.Proposed proposed)
            implements JobCoordinator.Command, NoSerializationVerificationNeeded {
    }

    private record NodeRemoved(ClusterEvent.MemberRemoved removed)
            implements JobCoordinator.Command, NoSerializationVerificationNeeded {
    }

    /** {@code progress}: report the job's progress; else check the deadline and for silence. */
    private record Tick(boolean progress) implements JobCoordinator.Command, NoSerializationVerificationNeeded {
    }

    private final String jobId;
    private final int attempt;
    private final JobSpec spec;
    private final long startNanos;
    private final ActorRef<JobEntity.Command> job;
    private final RuntimeSettings settings;
    private final AsyncSearch<Program> search;
    private final JobShards shards;
    private final SynthesizerStream stream;
    private final long[] executed;
    private final ActorRef<FrontierShardEntity.Answer> answers;
    /** Shards closed whose last status has not come yet, once the search has stopped. */
    private int closing = -1;
    private long heardNanos = System.nanoTime();
    private String message = "";

    static Behavior<JobCoordinator.Command> create(String jobId, int attempt, JobSpec spec, long startNanos,
                                                   int shardCount, ActorRef<JobEntity.Command> job) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new AsyncCoordinator(context, jobId, attempt, spec, startNanos, shardCount, job).start(timers)));
    }

    private AsyncCoordinator(ActorContext<JobCoordinator.Command> context, String jobId, int attempt, JobSpec spec,
                             long startNanos, int shardCount, ActorRef<JobEntity.Command> job) {
        super(context);
        this.jobId = jobId;
        this.attempt = attempt;
        this.spec = spec;
        this.startNanos = startNanos;
        this.job = job;
        this.settings = RuntimeSettings.from(context.getSystem().settings().config());
        this.search = new AsyncSearch<>(spec.settings(), shardCount, Program::shardHash, System::nanoTime, startNanos);
        this.executed = new long[shardCount];
        this.stream = new SynthesizerStream(jobId, spec, 2 * spec.settings().batchSize(),
                context.messageAdapter(Synthesizer.Proposed.class, GotProposal::new));
        this.answers = context.messageAdapter(FrontierShardEntity.Answer.class, GotShard::new);
        this.shards = new JobShards(context.getSystem(), jobId, attempt, shardCount);
        shards.tellAll(new AsyncShardEntity.Open(spec, shardCount, search.concurrency(), answers));
    }

    private Behavior<JobCoordinator.Command> start(TimerScheduler<JobCoordinator.Command> timers) {
        JobAttempts.listen(getContext(), timers, settings, spec, startNanos, SynthesizersChanged::new, NodeRemoved::new,
                new Tick(false), new Tick(true), new Tick(false));
        return this;
    }

    @Override
    public Receive<JobCoordinator.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SynthesizersChanged.class, changed -> {
                    stream.listed(changed.listing());
                    stream.request();
                    return advance();
                })
                .onMessage(GotProposal.class, this::onProposal)
                .onMessage(GotShard.class, this::onShard)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessage(JobCoordinator.Cancel.class, cancel -> stop(StopReason.CANCELLED, cancel.message()))
                .onMessage(Tick.class, this::onTick)
                .build();
    }

    /** Ends the search if it is over, else opens rounds (the synthesizer's batches, more expansions) as it wants. */
    private Behavior<JobCoordinator.Command> advance() {
        while (true) {
            if (search.check(stream.asking() || !stream.available()).isPresent()) {
                return finish();
            }
            if (!search.wantsRound()) {
                return this;
            }
            if (search.proposerExhausted()) {
                grant(search.expansionRound());
                continue;
            }
            if (!stream.has(spec.settings().batchSize())) {
                stream.request();
                return this;
            }
            shards.route(search.route(stream.take(spec.settings().batchSize())));
            grant(search.grants(0));
            stream.request();
        }
    }

    private void grant(List<AsyncSearch.Grant> grants) {
        for (AsyncSearch.Grant grant : grants) {
            shards.grant(grant.shard(), new AsyncShardEntity.Grant(grant.evaluations(), grant.expansions()));
        }
    }

    private Behavior<JobCoordinator.Command> onShard(GotShard message) {
        heardNanos = System.nanoTime();
        if (closing >= 0) {
            if (message.answer() instanceof AsyncShardEntity.Status status && status.last()) {
                executed[status.shard()] = status.executed();
                search.reported(status.shard(), status.status());
                closing--;
            }
            return closing == 0 ? finished() : this;
        }
        if (message.answer() instanceof FrontierShardEntity.Lost lost) {
            if (lost.failed()) {
                return stop(StopReason.ERROR, lost.error());
            }
            job.tell(new JobEntity.AttemptLost(lost.error()));
            return Behaviors.stopped();
        }
        if (message.answer() instanceof AsyncShardEntity.Status status) {
            executed[status.shard()] = status.executed();
            grant(search.reported(status.shard(), status.status()));
        } else if (message.answer() instanceof AsyncShardEntity.Opened located) {
            shards.opened(located);
            return this;
        }
        return advance();
    }

    private Behavior<JobCoordinator.Command> onProposal(GotProposal message) {
        String error = stream.answered(message.proposed());
        return error == null ? advance() : stop(StopReason.ERROR, error);
    }

    private Behavior<JobCoordinator.Command> onNodeRemoved(NodeRemoved message) {
        if (closing >= 0) {
            // The search is over: report what the shards told (a shard that left answers no more).
            return message.removed().member().hasRole(Node.EXECUTOR) ? finished() : this;
        }
        return JobAttempts.lostShards(message.removed(), job) ? Behaviors.stopped() : this;
    }

    /** Progress every interval; the deadline; a synthesizer or shards silent for too long. */
    private Behavior<JobCoordinator.Command> onTick(Tick tick) {
        if (tick.progress()) {
            job.tell(new JobEntity.Progressed(report().result(getContext().getSystem(), jobId, spec, attempt,
                    JobState.RUNNING, null, millis(), message)));
            return this;
        }
        long now = System.nanoTime();
        if (closing >= 0) {
            return now - heardNanos > settings.requestTimeout().toNanos() ? finished() : this;
        }
        if (stream.late(now, settings.requestTimeout().toNanos())) {
            return stop(StopReason.ERROR, "the synthesizer did not answer within " + settings.requestTimeout());
        }
        // Busy shards report every chunk of evaluations and every change of state.
        if (!search.idle() && now - heardNanos > 2 * settings.requestTimeout().toNanos()) {
            job.tell(new JobEntity.AttemptLost("the frontier shards did not answer within "
                    + settings.requestTimeout().multipliedBy(2)));
            return Behaviors.stopped();
        }
        return advance();
    }

    private Behavior<JobCoordinator.Command> stop(StopReason reason, String note) {
        search.stop(reason);
        message = note;
        return finish();
    }

    /**
     * Closes the shards and the synthesizer's stream; the result waits for the shards' last statuses
     * (their counts since their previous one), or a request timeout, whichever comes first.
     */
    private Behavior<JobCoordinator.Command> finish() {
        if (closing >= 0) {
            return this;
        }
        closing = shards.size();
        shards.tellAll(new AsyncShardEntity.Close(answers));
        stream.close();
        heardNanos = System.nanoTime();
        return this;
    }

    private Behavior<JobCoordinator.Command> finished() {
        if (search.stopReason() == StopReason.MEMORY_BUDGET) {
            search.fullShare().ifPresent(share -> message = HeldPrograms.reached(search.held(), share));
        }
        job.tell(new JobEntity.Finished(report().finalResult(getContext().getSystem(), jobId, spec, attempt,
                search.stopReason(), millis(), message)));
        return Behaviors.stopped();
    }

    private JobReport report() {
        long sent = 0;
        for (long count : executed) {
            sent += count;
        }
        return new JobReport(search.best(), search.expansions(), search.evaluated(), search.proposed(), sent);
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
