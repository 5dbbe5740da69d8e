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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
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

    /** The entity of a job started here confirmed its {@link JobEntity.Start}, or did not in time. */
    private record StartDelivered(String jobId, boolean confirmed) implements Command, NoSerializationVerificationNeeded {
    }

    /** Beyond the journal's own write timeout, the time to place the job's entity and recover it. */
    private static final Duration ENTITY_START_MARGIN = Duration.ofSeconds(15);

    private final JobLimits limits;
    private final Duration journalTimeout;
    private final HeldJobs held;
    private final TimerScheduler<Command> timers;
    /** A job's entity by id: through Cluster Sharding (a test puts a probe there). */
    private final Function<String, EntityRef<JobEntity.Command>> jobs;
    private final String node;
    private boolean closing;
    private boolean cancelling;
    private final List<ActorRef<Closed>> closeWaiters = new ArrayList<>();
    private int cancelledOnClose;

    /**
     * How long an acceptance may take: longer than the journal's write timeout, so that a slow write
     * fails as the journal's error, not as an ask timing out while the write goes on.
     */
    static Duration journalTimeout(Config config) {
        String journal = config.getString("akka.persistence.journal.plugin");
        String callTimeout = journal + ".circuit-breaker.call-timeout";
        Duration write = config.hasPath(callTimeout) ? config.getDuration(callTimeout) : Duration.ofSeconds(10);
        return write.plus(ENTITY_START_MARGIN);
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
        this.limits = JobLimits.from(context.getSystem().settings().config());
        this.journalTimeout = journalTimeout(context.getSystem().settings().config());
        this.held = new HeldJobs(new Admission(Admission.Quotas.from(context.getSystem().settings().config())));
        this.jobs = jobs;
        this.node = context.getSystem().address().toString();
    }

    /** The id of a job: from the client's idempotency key when it gives one, else new. */
    static String jobId(String client, String key) {
        if (key == null || key.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(((client == null ? "" : client) + "\u0000" + key)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Journaled.class, this::onJournaled)
                .onMessage(Ended.class, this::onEnded)
                .onMessage(Close.class, this::onClose)
                .onMessage(QueuedTooLong.class, this::onQueuedTooLong)
                .onMessage(StartDelivered.class, this::onStartDelivered)
                .onSignal(PostStop.class, stopped -> {
                    NodeMetrics.JOBS.remove(node, "running");
                    NodeMetrics.JOBS.remove(node, "queued");
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit submit) {
        if (closing) {
            refuse(submit, Refusal.CLOSING, "the server is shutting down");
            return this;
        }
        try {
            limits.check(submit.spec());
        } catch (IllegalArgumentException e) {
            refuse(submit, Refusal.INVALID, e.getMessage());
            return this;
        }
        String refusal = held.admission().refusal(submit.client());
        if (refusal != null) {
            refuse(submit, Refusal.CAPACITY, refusal);
            return this;
        }
        try {
            JobCodec.decode(submit.spec());
        } catch (IllegalArgumentException e) {
            refuse(submit, Refusal.INVALID, e.getMessage());
            return this;
        }
        // The slot (or the place in the queue) is taken now, while the journal confirms the job.
        boolean start = held.reserve(submit.client());
        String id = jobId(submit.client(), submit.key());
        getContext().spawnAnonymous(JobAcceptance.create(jobs.apply(id), replyTo -> new JobEntity.Accept(submit.spec(),
                        submit.client(), start, getContext().getSelf(), replyTo), journalTimeout, getContext().getSelf(),
                accepted -> new Journaled(submit, id, start, accepted)));
        return this;
    }

    /** The job is in the journal (or was already, or could not be written): count it, and answer. */
    private Behavior<Command> onJournaled(Journaled journaled) {
        Submit submit = journaled.submit();
        String id = journaled.jobId();
        Optional<JobEntity.Accepted> accepted = journaled.accepted();
        // A job accepted while the node hands its jobs over goes on in the cluster like the others.
        boolean heldHere = held.settle(id, submit.client(), journaled.start(),
                accepted.filter(JobEntity.Accepted::held).isPresent() && !(closing && !cancelling),
                accepted.filter(JobEntity.Accepted::running).isPresent());
        if (accepted.isEmpty()) {
            refuse(submit, Refusal.UNAVAILABLE, "the job could not be journaled: its entity did not answer within "
                    + journalTimeout.toSeconds() + " s; try again (with the same idempotency key)");
        } else {
            if (accepted.get().created()) {
                NodeMetrics.JOBS_ACCEPTED.inc();
            }
            if (heldHere && held.isQueued(id)) {
                timers.startSingleTimer(id, new QueuedTooLong(id), Duration.ofNanos(
                        Math.min(submit.spec().settings().deadlineNanos(), JobLimits.LONGEST_DEADLINE.toNanos())));
            }
            if (heldHere && cancelling) {
                // Accepted while the node closes: it ends like the others.
                cancelledOnClose++;
                jobs.apply(id).tell(new JobEntity.Cancel("the server is shutting down", null));
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

    /** Until the entity confirms it: a job whose Start is lost would hold its slot and never run. */
    private void start(String jobId) {
        getContext().pipeToSelf(jobs.apply(jobId).<Done>ask(JobEntity.Start::new, JobEntity.SEND_AGAIN_AFTER),
                (done, failure) -> new StartDelivered(jobId, failure == null));
    }

    private Behavior<Command> onStartDelivered(StartDelivered delivered) {
        if (!delivered.confirmed() && held.isRunning(delivered.jobId())) {
            start(delivered.jobId());
        }
        return this;
    }

    /** Starts queued jobs, oldest first, as far as the free slots and their clients' quotas allow. */
    private void startQueued() {
        if (closing) {
            return;
        }
        for (String id : held.startQueued()) {
            timers.cancel(id);
            start(id);
        }
    }

    private Behavior<Command> onClose(Close close) {
        closing = true;
        closeWaiters.add(close.replyTo());
        if (close.cancel()) {
            cancelling = true;
            List<String> all = held.all();
            cancelledOnClose += all.size();
            for (String id : all) {
                jobs.apply(id).tell(new JobEntity.Cancel(close.message(), null));
            }
        } else {
            held.releaseAll().forEach(timers::cancel);
        }
        jobsChanged();
        return this;
    }

    private void refuse(Submit submit, Refusal refusal, String message) {
        NodeMetrics.JOBS_REFUSED.labelValues(refusal.name().toLowerCase(Locale.ROOT)).inc();
        submit.replyTo().tell(new Submitted(null, refusal, message));
    }

    /** The jobs running and queued here may have changed: the metrics follow, and a close may be done. */
    private void jobsChanged() {
        NodeMetrics.jobCounts(node, held.running(), held.queued());
        replyIfClosed();
    }

    private void replyIfClosed() {
        if (closing && held.isEmpty()) {
            closeWaiters.forEach(waiter -> waiter.tell(new Closed(cancelledOnClose)));
            closeWaiters.clear();
        }
    }
}
