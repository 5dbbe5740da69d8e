package lasso.runtime;

import akka.Done;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.typesafe.config.Config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The admission of one API node: it takes jobs within its limits (the job's size and budgets,
 * {@link JobLimits}; running and queued jobs, of the node and of each client, {@link Admission}; a
 * submission beyond is refused, never buffered without bound), has each accepted job journaled as a
 * {@link JobEntity} before it answers, starts queued jobs as slots free, ends a queued job whose
 * deadline passes, and counts only the jobs it admitted. The jobs themselves live in the sharded
 * entities, which any node reaches by id; a job whose registry is gone (its node stopped) starts on
 * its own.
 */
public final class JobRegistry extends AbstractBehavior<JobRegistry.Command> {

    public interface Command extends CborSerializable {
    }

    /**
     * Queue a job; the answer says its id or why it was refused.
     *
     * @param key the client's idempotency key ("" for none): the same client and key name one job
     */
    public record Submit(JobSpec spec, String client, String key, ActorRef<Submitted> replyTo) implements Command {
    }

    /** Why a submission was refused. */
    public enum Refusal {
        /** The job is malformed (unknown domain, unreadable examples); the message names the problem. */
        INVALID,
        /** As many jobs run and wait as the node accepts. */
        CAPACITY,
        /** The node is shutting down. */
        CLOSING,
        /** The journal did not confirm the job in time; it may have been taken (retry with the same key). */
        UNAVAILABLE
    }

    /** {@code jobId} when accepted, else {@code refusal} and a message. */
    public record Submitted(String jobId, Refusal refusal, String message) implements CborSerializable {

        public boolean accepted() {
            return refusal == null;
        }
    }

    /**
     * Take no more jobs; cancel the ones admitted here ({@code cancel}) or leave them to the cluster
     * (and to this node when it starts again). The reply comes when that is done.
     */
    public record Close(String message, boolean cancel, ActorRef<Closed> replyTo) implements Command {
    }

    public record Closed(int cancelled) implements CborSerializable {
    }

    /** A job admitted here ended (from its entity). */
    public record Ended(String jobId, String client) implements Command {
    }

    /** The entity's answer to a submission's Accept; empty when none came in time. */
    private record Journaled(Submit submit, String jobId, boolean start, Optional<JobEntity.Accepted> accepted)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** A queued job's deadline passed. */
    private record QueuedTooLong(String jobId) implements Command, NoSerializationVerificationNeeded {
    }

    private final HeldJobs held;
    private final Submissions submissions;
    private final TimerScheduler<Command> timers;
    /** A job's entity by id: through Cluster Sharding (a test puts a probe there). */
    private final Function<String, EntityRef<JobEntity.Command>> jobs;
    private final String node;
    private final RegistryClose<ActorRef<Closed>> close = new RegistryClose<>();

    /** See {@link Submissions#journalTimeout}. */
    static Duration journalTimeout(Config config) {
        return Submissions.journalTimeout(config);
    }

    public static Behavior<Command> create() {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobRegistry(context, timers,
                id -> ClusterSharding.get(context.getSystem()).entityRefFor(JobEntity.TYPE_KEY, id))));
    }

    static Behavior<Command> create(Function<String, EntityRef<JobEntity.Command>> jobs) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobRegistry(context, timers, jobs)));
    }

    private JobRegistry(ActorContext<Command> context, TimerScheduler<Command> timers,
                        Function<String, EntityRef<JobEntity.Command>> jobs) {
        super(context);
        this.timers = timers;
        Config config = context.getSystem().settings().config();
        this.held = new HeldJobs(new Admission(Admission.Quotas.from(config)));
        this.submissions = new Submissions(config, held.admission());
        this.jobs = jobs;
        this.node = context.getSystem().address().toString();
    }

    /** See {@link Submissions#jobId}. */
    static String jobId(String client, String key) {
        return Submissions.jobId(client, key);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Journaled.class, this::onJournaled)
                .onMessage(Ended.class, this::onEnded)
                .onMessage(Close.class, this::onClose)
                .onMessage(QueuedTooLong.class, this::onQueuedTooLong)
                .onSignal(PostStop.class, stopped -> {
                    NodeMetrics.forgetJobCounts(node);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit submit) {
        Optional<Submissions.Refused> refused = submissions.refusal(submit.spec(), submit.client(), close.closing());
        if (refused.isPresent()) {
            refuse(submit, refused.get());
            return this;
        }
        // The slot (or the place in the queue) is taken now, while the journal confirms the job.
        boolean start = held.reserve(submit.client());
        String id = jobId(submit.client(), submit.key());
        getContext().spawnAnonymous(JobDelivery.create(jobs.apply(id), JobEntity.Accepted.class,
                replyTo -> new JobEntity.Accept(submit.spec(), submit.client(), start, getContext().getSelf(), replyTo),
                submissions.journalTimeout(), accepted -> getContext().getSelf().tell(new Journaled(submit, id, start, accepted))));
        return this;
    }

    /** The job is in the journal (or was already, or could not be written): count it, and answer. */
    private Behavior<Command> onJournaled(Journaled journaled) {
        Submit submit = journaled.submit();
        String id = journaled.jobId();
        Optional<JobEntity.Accepted> accepted = journaled.accepted();
        boolean heldHere = held.settle(id, submit.client(), journaled.start(),
                accepted.filter(JobEntity.Accepted::held).isPresent() && close.holdsNewJobs(),
                accepted.filter(JobEntity.Accepted::running).isPresent());
        if (accepted.isEmpty()) {
            refuse(submit, submissions.unavailable());
        } else {
            if (accepted.get().created()) {
                NodeMetrics.JOBS_ACCEPTED.inc();
            }
            if (heldHere && held.isQueued(id)) {
                timers.startSingleTimer(id, new QueuedTooLong(id), Duration.ofNanos(
                        Math.min(submit.spec().settings().deadlineNanos(), JobLimits.LONGEST_DEADLINE.toNanos())));
            }
            if (heldHere && close.cancelsAccepted()) {
                cancel(id, "the server is shutting down");
            }
            submit.replyTo().tell(new Submitted(id, null, ""));
        }
        startQueued();
        jobsChanged();
        return this;
    }

    private Behavior<Command> onEnded(Ended ended) {
        if (held.ended(ended.jobId())) {
            timers.cancel(ended.jobId());
        }
        startQueued();
        jobsChanged();
        return this;
    }

    /** A job's deadline counts from its submission: one that passes in the queue ends without running. */
    private Behavior<Command> onQueuedTooLong(QueuedTooLong expired) {
        if (held.isQueued(expired.jobId())) {
            jobs.apply(expired.jobId()).tell(new JobEntity.Expire());
            // Until its end comes back (the Expire may be lost on its way).
            timers.startSingleTimer(expired.jobId(), expired, JobEntity.SEND_AGAIN_AFTER);
        }
        return this;
    }

    /**
     * Until the entity answers: a job whose Start is lost would hold its slot and never run, and a close
     * would wait for a Cancel that was lost (its answer is the job's result).
     */
    private <A> void deliver(String jobId, Class<A> answer, Function<ActorRef<A>, JobEntity.Command> message) {
        getContext().spawnAnonymous(JobDelivery.create(jobs.apply(jobId), answer, message, JobLimits.LONGEST_DEADLINE,
                answered -> { }));
    }

    private void cancel(String jobId, String message) {
        deliver(jobId, JobEntity.Lookup.class, replyTo -> new JobEntity.Cancel(message, replyTo));
    }

    /** Starts queued jobs, oldest first, as far as the free slots and their clients' quotas allow. */
    private void startQueued() {
        if (close.closing()) {
            return;
        }
        for (String id : held.startQueued()) {
            timers.cancel(id);
            deliver(id, Done.class, JobEntity.Start::new);
        }
    }

    private Behavior<Command> onClose(Close asked) {
        close.close(asked.cancel(), asked.replyTo());
        if (asked.cancel()) {
            List<String> all = held.all();
            close.cancelled(all.size());
            all.forEach(id -> cancel(id, asked.message()));
        } else {
            held.releaseAll().forEach(timers::cancel);
        }
        jobsChanged();
        return this;
    }

    private void refuse(Submit submit, Submissions.Refused refused) {
        NodeMetrics.JOBS_REFUSED.labelValues(refused.refusal().name().toLowerCase(Locale.ROOT)).inc();
        submit.replyTo().tell(new Submitted(null, refused.refusal(), refused.message()));
    }

    /** The jobs running and queued here may have changed: the metrics follow, and a close may be done. */
    private void jobsChanged() {
        NodeMetrics.jobCounts(node, held.running(), held.queued());
        close.answerable(held.isEmpty()).forEach(waiter -> waiter.tell(new Closed(close.cancelled())));
    }
}
