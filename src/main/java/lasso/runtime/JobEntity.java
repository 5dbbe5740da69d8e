package lasso.runtime;

import akka.Done;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.Address;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

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
 * still queued whose admitting registry is gone starts at once. This actor is the messaging; what
 * each command journals, and what callers see, is decided by the job's {@link JobLedger}.
 */
public final class JobEntity
        extends EventSourcedBehavior<JobEntity.Command, JobEntity.Event, JobEntity.Record> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "lasso-job");

    public interface Command extends CborSerializable {
    }

    /**
     * A command that must arrive (an Accept, a Start, an Expire, a watch's request) is sent again when
     * unanswered for this long: Cluster Sharding drops the messages it buffered for a shard being
     * handed over.
     */
    static final Duration SEND_AGAIN_AFTER = Duration.ofSeconds(3);

    /**
     * Journal a new job, and start it at once when {@code start}; a job that exists already is not
     * touched (a resubmission with the same idempotency key).
     */
    public record Accept(JobSpec spec, String client, boolean start, ActorRef<JobRegistry.Command> registry,
                         ActorRef<Accepted> replyTo) implements Command {
    }

    /**
     * {@code created}: the job is new (else it existed already); {@code held}: it is the asking
     * registry's to count, queued or {@code running} (new, or still live and admitted by that registry:
     * an Accept sent again whose first answer was lost, or the same key again at the same node).
     */
    public record Accepted(String jobId, boolean created, boolean held, boolean running) implements CborSerializable {
    }

    /**
     * A slot is free: run. {@code replyTo} (null: no reply) hears that the entity has it, whatever the
     * job's state: a Start may be lost in a shard's hand-off, so its registry sends it until confirmed.
     */
    public record Start(ActorRef<Done> replyTo) implements Command {
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
    private final JobLedger ledger;
    private ActorRef<JobCoordinator.Command> coordinator;

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
        this.ledger = new JobLedger(jobId, settings.journalProgressEvery());
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
        return newEventHandlerBuilder().forAnyState().onAnyEvent(ledger::apply);
    }

    // ---- commands

    @Override
    public CommandHandler<Command, Event, Record> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Accept.class, this::onAccept)
                .onCommand(Start.class, this::onStart)
                .onCommand(Expire.class, (record, expire) -> end(ledger.endQueued(record, JobState.UNSOLVED,
                        StopReason.DEADLINE, "the deadline passed while the job was queued", System.currentTimeMillis())))
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
                .onCommand(Finished.class, (record, finished) -> end(ledger.end(record, finished.result())))
                .onCommand(AttemptLost.class, (record, lost) -> rerun(record, lost.reason()))
                .onCommand(CoordinatorStopped.class, this::onCoordinatorStopped)
                .onCommand(RegistryGone.class, (record, gone) -> record.status() == Status.QUEUED
                        ? onStart(record, new Start(null)) : Effect().none())
                .onCommand(Idle.class, (record, idle) -> {
                    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, Record> onAccept(Record record, Accept accept) {
        String registry = ActorRefResolver.get(context.getSystem()).toSerializationFormat(accept.registry());
        List<Event> events = ledger.accept(record, accept, registry, System.currentTimeMillis());
        if (events.isEmpty()) {
            accept.replyTo().tell(ledger.acceptedAgain(record, registry));
            return Effect().none();
        }
        return Effect().persist(events).thenRun(accepted -> {
            accept.replyTo().tell(new Accepted(jobId, true, true, accepted.status() == Status.RUNNING));
            if (accepted.status() == Status.RUNNING) {
                runCoordinator(accepted);
            } else {
                context.watchWith(accept.registry(), new RegistryGone());
            }
        });
    }

    private Effect<Event, Record> onStart(Record record, Start start) {
        Runnable confirm = () -> {
            if (start.replyTo() != null) {
                start.replyTo().tell(Done.getInstance());
            }
        };
        return ledger.start(record).map(started -> Effect().persist(started).thenRun(running -> {
            runCoordinator(running);
            confirm.run();
        })).orElseGet(() -> Effect().none().thenRun(unchanged -> confirm.run()));
    }

    private Effect<Event, Record> onWatch(Record record, Watch watch) {
        if (JobLedger.live(record)) {
            watchers.watch(watch.subscriber(), new SubscriberGone(watch.subscriber()));
        }
        watch.replyTo().tell(lookup(record));
        return idleUnlessLive(record);
    }

    private Effect<Event, Record> onCancel(Record record, Cancel cancel) {
        switch (record.status()) {
            case QUEUED -> {
                watchers.awaitCancel(cancel.replyTo());
                return end(ledger.endQueued(record, JobState.CANCELLED, StopReason.CANCELLED, cancel.message(),
                        System.currentTimeMillis()));
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
        Optional<Event> journaled = ledger.progressed(record, progressed.snapshot(), System.nanoTime());
        if (record.status() == Status.RUNNING) {
            watchers.snapshot(progressed.snapshot());
        }
        return journaled.map(progress -> Effect().persist(progress)).orElseGet(() -> Effect().none());
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
        Optional<Event> next = ledger.rerun(record, reason, System.currentTimeMillis());
        if (next.isEmpty()) {
            return Effect().none();
        }
        if (coordinator != null) {
            context.unwatch(coordinator);
            context.stop(coordinator);
            coordinator = null;
        }
        if (next.get() instanceof Started started) {
            context.getLog().warn("job {}: attempt {} lost ({}); running it again", jobId, record.attempts(), reason);
            return Effect().persist(started).thenRun(this::runCoordinator);
        }
        return end(next.map(Ended.class::cast));
    }

    /** Journals the job's end, if {@code ended} is one, and tells its registry and watchers. */
    private Effect<Event, Record> end(Optional<Ended> ending) {
        if (ending.isEmpty()) {
            return Effect().none();
        }
        JobResult result = ending.get().result();
        if (coordinator != null) {
            context.unwatch(coordinator);
            coordinator = null;
        }
        return Effect().persist(ending.get()).thenRun(ended -> {
            NodeMetrics.jobEnded(result.state(), JobLedger.millisSince(ended, System.currentTimeMillis()));
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
        ledger.attemptStarted();
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
        boolean member = StreamSupport.stream(Cluster.get(context.getSystem()).state().getMembers().spliterator(), false)
                .anyMatch(m -> m.address().equals(address));
        return member ? Optional.of(registry) : Optional.empty();
    }

    /** A job that is not running leaves memory after a while without calls (its journal stays). */
    private Effect<Event, Record> idleUnlessLive(Record record) {
        if (!JobLedger.live(record)) {
            timers.startSingleTimer(Idle.class, new Idle(), JobLedger.idleAfter(record, settings.retainInMemory()));
        }
        return Effect().none();
    }

    private Lookup lookup(Record record) {
        return new Lookup(ledger.shown(record), context.getSelf());
    }
}
