package lasso.runtime;

import akka.Done;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.EntityContext;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import lasso.runtime.JobEntity.Command;
import lasso.runtime.JobEntity.Event;
import lasso.runtime.JobEntity.Record;
import lasso.runtime.JobEntity.Start;
import lasso.runtime.JobEntity.Status;
import lasso.search.StopReason;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The behaviour of a job's {@link JobEntity}: event-sourced, its commands and journal those of
 * {@link JobEntity}. The messaging is here; what each command journals, and what callers see, is
 * decided by the job's {@link JobLedger}; its coordinator is a {@link RunningAttempt}, and who waits
 * on it its {@link JobWatchers}.
 */
final class DurableJob extends EventSourcedBehavior<Command, Event, Record> {

    private final String jobId;
    private final ActorContext<Command> context;
    private final JobWatchers watchers;
    private final JobLedger ledger;
    private final RunningAttempt attempt;
    private final AdmittingRegistry registry;
    private final EntityPassivation passivation;

    static Behavior<Command> create(EntityContext<Command> entity) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new DurableJob(entity, context, timers)));
    }

    private DurableJob(EntityContext<Command> entity, ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(JobEntity.TYPE_KEY.name(), entity.getEntityId()));
        this.jobId = entity.getEntityId();
        this.context = context;
        RuntimeSettings settings = RuntimeSettings.from(context.getSystem().settings().config());
        this.watchers = new JobWatchers(context);
        this.ledger = new JobLedger(jobId, settings.journalProgressEvery());
        this.attempt = new RunningAttempt(context, settings, jobId);
        this.registry = new AdmittingRegistry(context);
        this.passivation = new EntityPassivation(context, timers, entity.getShard(), settings.retainInMemory());
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
        return event instanceof JobEntity.Progress ? Set.of() : Set.of(JobIndex.TAG);
    }

    @Override
    public EventHandler<Record, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(ledger::apply);
    }

    // ---- commands

    @Override
    public CommandHandler<Command, Event, Record> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(JobEntity.Accept.class, this::onAccept)
                .onCommand(Start.class, this::onStart)
                .onCommand(JobEntity.Expire.class, (record, expire) -> end(ledger.endQueued(record, JobState.UNSOLVED,
                        StopReason.DEADLINE, "the deadline passed while the job was queued", System.currentTimeMillis())))
                .onCommand(JobEntity.Get.class, (record, get) -> {
                    get.replyTo().tell(lookup(record));
                    return idleUnlessLive(record);
                })
                .onCommand(JobEntity.Watch.class, this::onWatch)
                .onCommand(JobEntity.Unwatch.class, (record, unwatch) -> none(() -> watchers.unwatch(unwatch.subscriber())))
                .onCommand(JobWatchers.SubscriberGone.class, (record, gone) -> none(() -> watchers.gone(gone.subscriber())))
                .onCommand(JobEntity.Cancel.class, this::onCancel)
                .onCommand(JobEntity.Progressed.class, this::onProgressed)
                .onCommand(JobEntity.Finished.class, (record, finished) -> end(ledger.end(record, finished.result())))
                .onCommand(JobEntity.AttemptLost.class, (record, lost) -> rerun(record, lost.reason()))
                .onCommand(RunningAttempt.Stopped.class, this::onCoordinatorStopped)
                .onCommand(AdmittingRegistry.Gone.class, (record, gone) -> record.status() == Status.QUEUED
                        ? onStart(record, new Start(null)) : Effect().none())
                .onCommand(EntityPassivation.Idle.class, (record, idle) -> none(passivation::idle))
                .build();
    }

    private Effect<Event, Record> onAccept(Record record, JobEntity.Accept accept) {
        String admitting = registry.journaled(accept.registry());
        List<Event> events = ledger.accept(record, accept, admitting, System.currentTimeMillis());
        if (events.isEmpty()) {
            accept.replyTo().tell(ledger.acceptedAgain(record, admitting));
            return Effect().none();
        }
        return Effect().persist(events).thenRun(accepted -> {
            accept.replyTo().tell(new JobEntity.Accepted(jobId, true, true, accepted.status() == Status.RUNNING));
            if (accepted.status() == Status.RUNNING) {
                runCoordinator(accepted);
            } else {
                registry.watch(accept.registry());
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

    private Effect<Event, Record> onWatch(Record record, JobEntity.Watch watch) {
        if (JobLedger.live(record)) {
            watchers.watch(watch.subscriber());
        }
        watch.replyTo().tell(lookup(record));
        return idleUnlessLive(record);
    }

    /** A queued job ends at once; a running one when its coordinator has stopped; the answer comes with the end. */
    private Effect<Event, Record> onCancel(Record record, JobEntity.Cancel cancel) {
        if (!JobLedger.live(record)) {
            if (cancel.replyTo() != null) {
                cancel.replyTo().tell(lookup(record));
            }
            return idleUnlessLive(record);
        }
        watchers.awaitCancel(cancel.replyTo());
        attempt.cancel(cancel.message());
        return end(ledger.endQueued(record, JobState.CANCELLED, StopReason.CANCELLED, cancel.message(),
                System.currentTimeMillis()));
    }

    private Effect<Event, Record> onProgressed(Record record, JobEntity.Progressed progressed) {
        Optional<Event> journaled = ledger.progressed(record, progressed.snapshot(), System.nanoTime());
        if (record.status() == Status.RUNNING) {
            watchers.snapshot(progressed.snapshot());
        }
        return journaled.map(progress -> Effect().persist(progress)).orElseGet(() -> Effect().none());
    }

    private Effect<Event, Record> onCoordinatorStopped(Record record, RunningAttempt.Stopped stopped) {
        if (record.status() != Status.RUNNING || stopped.attempt() != record.attempts()) {
            return Effect().none();
        }
        attempt.stopped();
        return rerun(record, "the job's coordinator stopped unexpectedly");
    }

    /** Runs the job again, from the start, with its seed and settings: its last attempt was lost. */
    private Effect<Event, Record> rerun(Record record, String reason) {
        Optional<Event> next = ledger.rerun(record, reason, System.currentTimeMillis());
        if (next.isEmpty()) {
            return Effect().none();
        }
        attempt.abandon();
        if (next.get() instanceof JobEntity.Started started) {
            context.getLog().warn("job {}: attempt {} lost ({}); running it again", jobId, record.attempts(), reason);
            return Effect().persist(started).thenRun(this::runCoordinator);
        }
        return end(next.map(JobEntity.Ended.class::cast));
    }

    /** Journals the job's end, if {@code ended} is one, and tells its registry and watchers. */
    private Effect<Event, Record> end(Optional<JobEntity.Ended> ending) {
        if (ending.isEmpty()) {
            return Effect().none();
        }
        JobResult result = ending.get().result();
        attempt.ended();
        return Effect().persist(ending.get()).thenRun(ended -> {
            NodeMetrics.jobEnded(result.state(), JobLedger.millisSince(ended, System.currentTimeMillis()));
            // The registry first: a caller told of the end may submit again at once, and finds the slot free.
            registry.ended(ended, jobId);
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
            case RUNNING -> context.getSelf().tell(new JobEntity.AttemptLost("its node was lost or restarted"));
            case QUEUED -> registry.watch(record);
            case ENDED, NEW -> idleUnlessLive(record);
        }
    }

    private void runCoordinator(Record record) {
        ledger.attemptStarted();
        attempt.run(record);
        passivation.running();
    }

    private Effect<Event, Record> none(Runnable effect) {
        effect.run();
        return Effect().none();
    }

    private Effect<Event, Record> idleUnlessLive(Record record) {
        passivation.called(record);
        return Effect().none();
    }

    private JobEntity.Lookup lookup(Record record) {
        return new JobEntity.Lookup(ledger.shown(record), context.getSelf());
    }
}
