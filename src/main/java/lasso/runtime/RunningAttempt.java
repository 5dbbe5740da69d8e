package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;

/**
 * The coordinator of the attempt a job's entity runs now (none between attempts), its child and
 * watched: one that stops before the job's end makes the attempt lost.
 */
final class RunningAttempt {

    /** The coordinator of attempt {@code attempt} stopped (the entity's job may have moved on since). */
    record Stopped(int attempt) implements JobEntity.Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<JobEntity.Command> context;
    private final RuntimeSettings settings;
    private final String jobId;
    private ActorRef<JobCoordinator.Command> coordinator;

    RunningAttempt(ActorContext<JobEntity.Command> context, RuntimeSettings settings, String jobId) {
        this.context = context;
        this.settings = settings;
        this.jobId = jobId;
    }

    /** Runs the record's attempt; the entity hears {@link Stopped} if its coordinator stops. */
    void run(JobEntity.Record record) {
        coordinator = context.spawn(JobAttempts.coordinator(context, settings, jobId, record.attempts(), record.spec(),
                record.submittedMillis(), context.getSelf()), "attempt-" + record.attempts());
        context.watchWith(coordinator, new Stopped(record.attempts()));
    }

    void cancel(String message) {
        if (coordinator != null) {
            coordinator.tell(new JobCoordinator.Cancel(message));
        }
    }

    /** The job ends: its coordinator, which stops on its own, is no longer watched. */
    void ended() {
        if (coordinator != null) {
            context.unwatch(coordinator);
            coordinator = null;
        }
    }

    /** The attempt is lost: its coordinator, if it is still there, is stopped. */
    void abandon() {
        if (coordinator != null) {
            context.unwatch(coordinator);
            context.stop(coordinator);
            coordinator = null;
        }
    }

    /** The coordinator stopped before the job's end. */
    void stopped() {
        coordinator = null;
    }
}
