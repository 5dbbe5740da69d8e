package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.Address;
import akka.cluster.Member;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityContext;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import lasso.search.StopReason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One job, event-sourced and spread by Cluster Sharding over the nodes with the api role, so that
 * any API node answers for any job and a job outlives the node it ran on. A job exists once its
 * submission is journaled ({@link Submitted}); then it is started ({@link Started}: a
 * {@link JobCoordinator} child runs the search), its best program and budgets spent are journaled as
 * it goes ({@link Progress}, when the best program changes and at most every few seconds otherwise),
 * and its result last ({@link Ended}). Job entities are remembered: when a node is lost, Cluster
 * Sharding starts its jobs on another node, where each recovers from the journal and runs its search
 * again, from the start, with its recorded seed and settings, within the deadline counted from its
 * submission (the search is deterministic, so it reaches the answer the lost run would have). A job
 * still queued whose admitting registry is gone starts at once.
 */
public final class JobEntity
        extends EventSourcedBehavior<JobEntity.Command, JobEntity.Event, JobEntity.Record> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "lasso-job");

    /** Attempts a job may lose to lost nodes before it fails. */
    static final int MAX_ATTEMPTS = 10;

    public interface Command extends CborSerializable {
    }

    /**
     * Journal a new job, and start it at once when {@code start}; a job that exists already is not
     * touched (a resubmission with the same idempotency key).
     */
    public record Accept(JobSpec spec, String client, boolean start, ActorRef<JobRegistry.Command> registry,
                         ActorRef<Accepted> replyTo) implements Command {
    }

    /** {@code created}: the job is new (else it existed already). */
    public record Accepted(String jobId, boolean created) implements CborSerializable {
    }

    /** A slot is free: run. */
    public record Start() implements Command {
    }

    /** The job's deadline passed while it waited in its registry's queue. */
    public record Expire() implements Command {
    }

    /** The job's result, or its snapshot while queued or running; null for an unknown job. */
    public record Get(ActorRef<Lookup> replyTo) implements Command {
    }

    /** Send the job's snapshots to {@code subscriber} until its result; the reply is its state now. */
    public record Watch(ActorRef<JobResult> subscriber, ActorRef<Lookup> replyTo) implements Command {
    }

    public record Unwatch(ActorRef<JobResult> subscriber) implements Command {
    }

    /** Cancel the job; the reply is its final result. */
    public record Cancel(String message, ActorRef<Lookup> replyTo) implements Command {
    }

    /** {@code result} is null for an unknown job; {@code job} is the entity that answered (a watcher watches it). */
    public record Lookup(JobResult result, ActorRef<Command> job) implements CborSerializable {
    }

    record Progressed(JobResult snapshot) implements Command {
    }

    record Finished(JobResult result) implements Command {
    }

    /** The coordinator lost the job's frontier (a node left): run the job again. */
    record AttemptLost(String reason) implements Command {
    }

    private record CoordinatorStopped(int attempt) implements Command, NoSerializationVerificationNeeded {
    }

    private record SubscriberGone(ActorRef<JobResult> subscriber) implements Command, NoSerializationVerificationNeeded {
    }

    private record RegistryGone() implements Command, NoSerializationVerificationNeeded {
    }

    private record Idle() implements Command, NoSerializationVerificationNeeded {
    }

    public interface Event extends CborSerializable {
    }

    /** @param submittedMillis wall-clock time of the submission, from which the deadline counts */
    public record Submitted(JobSpec spec, String client, String registry, long submittedMillis) implements Event {
    }

    public record Started(int attempt, String reason) implements Event {
    }

    public record Progress(JobResult snapshot) implements Event {
    }

    public record Ended(JobResult result) implements Event {
    }

    public enum Status { NEW, QUEUED, RUNNING, ENDED }

    /** What the journal says of a job. */
    public record Record(Status status, JobSpec spec, String client, String registry, long submittedMillis,
                         int attempts, JobResult snapshot) implements CborSerializable {

        static Record empty() {
            return new Record(Status.NEW, null, null, null, 0, 0, null);
        }
    }

    private final String jobId;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final RuntimeSettings settings;
    private final JobWatchers watchers;
    private ActorRef<JobCoordinator.Command> coordinator;
    /** The coordinator's latest snapshot (journaled only now and then). */
    private JobResult latest;
    private long progressJournaledNanos;

    static Behavior<Command> create(EntityContext<Command> entity) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new JobEntity(entity, context, timers)));
    }

    private JobEntity(EntityContext<Command> entity, ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), entity.getEntityId()));
        this.jobId = entity.getEntityId();
        this.context = context;
        this.timers = timers;
        this.shard = entity.getShard();
        this.settings = RuntimeSettings.from(context.getSystem().settings().config());
        this.watchers = new JobWatchers(context);
    }

    @Override
    public Record emptyState() {
        return Record.empty();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        // Progress events pile up on long jobs: a snapshot every 100 events keeps recovery short.
        return RetentionCriteria.snapshotEvery(100, 2);
    }

    // ---- events

    /** The events that change a job's state are tagged, for the cluster-wide listing ({@link JobIndex}). */
    @Override
    public Set<String> tagsFor(Event event) {
        return event instanceof Progress ? Set.of() : Set.of(JobIndex.TAG);
    }

    @Override
    public EventHandler<Record, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Submitted.class, (record, e) -> new Record(Status.QUEUED, e.spec(), e.client(), e.registry(),
                        e.submittedMillis(), 0, JobResult.queued(jobId, e.spec())))
                .onEvent(Started.class, (record, e) -> new Record(Status.RUNNING, record.spec(), record.client(),
                        record.registry(), record.submittedMillis(), e.attempt(), record.snapshot().running()))
                .onEvent(Progress.class, (record, e) -> new Record(record.status(), record.spec(), record.client(),
                        record.registry(), record.submittedMillis(), record.attempts(), e.snapshot()))
                .onEvent(Ended.class, (record, e) -> new Record(Status.ENDED, record.spec(), record.client(),
                        record.registry(), record.submittedMillis(), record.attempts(), e.result()))
                .build();
    }

    // ---- commands

    @Override
    public CommandHandler<Command, Event, Record> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Accept.class, this::onAccept)
                .onCommand(Start.class, this::onStart)
                .onCommand(Expire.class, (record, expire) -> endWithout(record, JobState.UNSOLVED, StopReason.DEADLINE,
                        "the deadline passed while the job was queued"))
                .onCommand(Get.class, (record, get) -> {
                    get.replyTo().tell(lookup(record));
                    return idleUnlessLive(record);
                })
                .onCommand(Watch.class, this::onWatch)
                .onCommand(Unwatch.class, (record, unwatch) -> {
                    watchers.unwatch(unwatch.subscriber());
                    return Effect().none();
                })
                .onCommand(SubscriberGone.class, (record, gone) -> {
                    watchers.gone(gone.subscriber());
                    return Effect().none();
                })
                .onCommand(Cancel.class, this::onCancel)
                .onCommand(Progressed.class, this::onProgressed)
                .onCommand(Finished.class, (record, finished) -> end(record, finished.result()))
                .onCommand(AttemptLost.class, (record, lost) -> rerun(record, lost.reason()))
                .onCommand(CoordinatorStopped.class, this::onCoordinatorStopped)
                .onCommand(RegistryGone.class, (record, gone) -> record.status() == Status.QUEUED
                        ? onStart(record, new Start()) : Effect().none())
                .onCommand(Idle.class, (record, idle) -> {
                    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, Record> onAccept(Record record, Accept accept) {
        if (record.status() != Status.NEW) {
            accept.replyTo().tell(new Accepted(jobId, false));
            return Effect().none();
        }
        String registry = ActorRefResolver.get(context.getSystem()).toSerializationFormat(accept.registry());
        List<Event> events = new ArrayList<>(List.of(new Submitted(accept.spec(), accept.client(), registry,
                System.currentTimeMillis())));
        if (accept.start()) {
            events.add(new Started(1, ""));
        }
        return Effect().persist(events).thenRun(accepted -> {
            accept.replyTo().tell(new Accepted(jobId, true));
            if (accepted.status() == Status.RUNNING) {
                runCoordinator(accepted);
            } else {
                context.watchWith(accept.registry(), new RegistryGone());
            }
        });
    }

    private Effect<Event, Record> onStart(Record record, Start start) {
        if (record.status() != Status.QUEUED) {
            return Effect().none();
        }
        return Effect().persist(new Started(record.attempts() + 1, "")).thenRun(this::runCoordinator);
    }

    private Effect<Event, Record> onWatch(Record record, Watch watch) {
        if (record.status() == Status.QUEUED || record.status() == Status.RUNNING) {
            watchers.watch(watch.subscriber(), new SubscriberGone(watch.subscriber()));
        }
        watch.replyTo().tell(lookup(record));
        return idleUnlessLive(record);
    }

    private Effect<Event, Record> onCancel(Record record, Cancel cancel) {
        switch (record.status()) {
            case QUEUED -> {
                watchers.awaitCancel(cancel.replyTo());
                return endWithout(record, JobState.CANCELLED, StopReason.CANCELLED, cancel.message());
            }
            case RUNNING -> {
                watchers.awaitCancel(cancel.replyTo());
                if (coordinator != null) {
                    coordinator.tell(new JobCoordinator.Cancel(cancel.message()));
                }
                return Effect().none();
            }
            default -> {
                if (cancel.replyTo() != null) {
                    cancel.replyTo().tell(lookup(record));
                }
                return idleUnlessLive(record);
            }
        }
    }

    private Effect<Event, Record> onProgressed(Record record, Progressed progressed) {
        if (record.status() != Status.RUNNING) {
            return Effect().none();
        }
        JobResult snapshot = progressed.snapshot();
        latest = snapshot;
        watchers.snapshot(snapshot);
        JobResult journaled = record.snapshot();
        boolean better = journaled == null || !journaled.tokens().equals(snapshot.tokens());
        if (better || System.nanoTime() - progressJournaledNanos > settings.journalProgressEvery().toNanos()) {
            progressJournaledNanos = System.nanoTime();
            return Effect().persist(new Progress(snapshot));
        }
        return Effect().none();
    }

    private Effect<Event, Record> onCoordinatorStopped(Record record, CoordinatorStopped stopped) {
        if (record.status() != Status.RUNNING || stopped.attempt() != record.attempts()) {
            return Effect().none();
        }
        coordinator = null;
        return rerun(record, "the job's coordinator stopped unexpectedly");
    }

    /** Runs the job again, from the start, with its seed and settings: its last attempt was lost. */
    private Effect<Event, Record> rerun(Record record, String reason) {
        if (record.status() != Status.RUNNING) {
            return Effect().none();
        }
        if (coordinator != null) {
            context.unwatch(coordinator);
            context.stop(coordinator);
            coordinator = null;
        }
        if (record.attempts() >= MAX_ATTEMPTS) {
            return end(record, JobResult.ended(jobId, record.spec(), JobState.FAILED, StopReason.ERROR,
                    millisSince(record), "the job was lost " + record.attempts() + " times: " + reason));
        }
        context.getLog().warn("job {}: attempt {} lost ({}); running it again", jobId, record.attempts(), reason);
        return Effect().persist(new Started(record.attempts() + 1, reason)).thenRun(this::runCoordinator);
    }

    private Effect<Event, Record> endWithout(Record record, JobState state, StopReason reason, String message) {
        if (record.status() != Status.QUEUED) {
            return Effect().none();
        }
        return end(record, JobResult.ended(jobId, record.spec(), state, reason, millisSince(record), message));
    }

    private Effect<Event, Record> end(Record record, JobResult result) {
        if (record.status() == Status.ENDED || record.status() == Status.NEW) {
            return Effect().none();
        }
        if (coordinator != null) {
            context.unwatch(coordinator);
            coordinator = null;
        }
        return Effect().persist(new Ended(result)).thenRun(ended -> {
            NodeMetrics.jobEnded(result.state(), millisSince(ended));
            // The registry first: a caller told of the end may submit again at once, and finds the slot free.
            registry(ended).ifPresent(registry -> registry.tell(new JobRegistry.Ended(jobId, ended.client())));
            watchers.ended(result, lookup(ended));
            JobCache.get(context.getSystem()).forget(jobId);
            idleUnlessLive(ended);
        });
    }

    // ---- recovery and the coordinator

    @Override
    public SignalHandler<Record> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), this::afterRecovery)
                .build();
    }

    /** A job recovered where its last node left it: running ones run again, queued ones wait for their registry. */
    private void afterRecovery(Record record) {
        switch (record.status()) {
            case RUNNING -> {
                if (coordinator == null) {
                    context.getSelf().tell(new AttemptLost("its node was lost or restarted"));
                }
            }
            case QUEUED -> {
                Optional<ActorRef<JobRegistry.Command>> registry = registry(record);
                if (registry.isPresent()) {
                    context.watchWith(registry.get(), new RegistryGone());
                } else {
                    context.getSelf().tell(new RegistryGone());
                }
            }
            case ENDED, NEW -> idleUnlessLive(record);
        }
    }

    private void runCoordinator(Record record) {
        latest = null;
        coordinator = context.spawn(JobAttempts.coordinator(context, settings, jobId, record.attempts(), record.spec(),
                record.submittedMillis(), context.getSelf()), "attempt-" + record.attempts());
        context.watchWith(coordinator, new CoordinatorStopped(record.attempts()));
        timers.cancel(Idle.class);
    }

    /**
     * The registry that admitted the job, if its node is still a member of the cluster (one of a
     * cluster that has been restarted since is not: nothing would ever answer for it).
     */
    private Optional<ActorRef<JobRegistry.Command>> registry(Record record) {
        ActorRef<JobRegistry.Command> registry = ActorRefResolver.get(context.getSystem())
                .resolveActorRef(record.registry());
        Address address = registry.path().address();
        if (address.hasLocalScope()) {
            return Optional.of(registry);
        }
        for (Member member : Cluster.get(context.getSystem()).state().getMembers()) {
            if (member.address().equals(address)) {
                return Optional.of(registry);
            }
        }
        return Optional.empty();
    }

    /** A job that is not running leaves memory after a while without calls (its journal stays). */
    private Effect<Event, Record> idleUnlessLive(Record record) {
        if (record.status() == Status.ENDED || record.status() == Status.NEW) {
            timers.startSingleTimer(Idle.class, new Idle(),
                    record.status() == Status.NEW ? Duration.ofSeconds(1) : settings.retainInMemory());
        }
        return Effect().none();
    }

    private Lookup lookup(Record record) {
        JobResult result = record.status() == Status.RUNNING && latest != null ? latest : record.snapshot();
        return new Lookup(record.status() == Status.NEW ? null : result, context.getSelf());
    }

    private static long millisSince(Record record) {
        return Math.max(0, System.currentTimeMillis() - record.submittedMillis());
    }
}
