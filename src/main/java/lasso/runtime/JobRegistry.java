package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import lasso.search.StopReason;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The jobs of a node: accepts them within its limits (running and queued jobs; a submission beyond
 * is refused, never buffered without bound), starts a {@link JobCoordinator} per job as slots free,
 * keeps finished results for a while, and passes each job's progress and result to its watchers.
 * Every accepted job ends with a result: solved, unsolved, cancelled (also on shutdown) or failed
 * (also when its coordinator crashes).
 */
public final class JobRegistry extends AbstractBehavior<JobRegistry.Command> {

    public interface Command extends CborSerializable {
    }

    /** Queue a job; the answer says its id or why it was refused. */
    public record Submit(JobSpec spec, ActorRef<Submitted> replyTo) implements Command {
    }

    /** Why a submission was refused. */
    public enum Refusal {
        /** The job is malformed (unknown domain, unreadable examples); the message names the problem. */
        INVALID,
        /** As many jobs run and wait as the node accepts. */
        CAPACITY,
        /** The node is shutting down. */
        CLOSING
    }

    /** {@code jobId} when accepted, else {@code refusal} and a message. */
    public record Submitted(String jobId, Refusal refusal, String message) implements CborSerializable {

        public boolean accepted() {
            return refusal == null;
        }
    }

    /** Send the job's snapshots to {@code subscriber} until its result; the reply is its state now. */
    public record Watch(String jobId, ActorRef<JobResult> subscriber, ActorRef<Lookup> replyTo) implements Command {
    }

    public record Unwatch(String jobId, ActorRef<JobResult> subscriber) implements Command {
    }

    /** The job's result, or its snapshot while it is queued or running. */
    public record Get(String jobId, ActorRef<Lookup> replyTo) implements Command {
    }

    /** Cancel a job; the reply is its final result (cancelled, or what it had already reached). */
    public record Cancel(String jobId, ActorRef<Lookup> replyTo) implements Command {
    }

    /** Refuse new jobs and cancel every queued and running one; the reply comes when all have ended. */
    public record CancelAll(String message, ActorRef<Closed> replyTo) implements Command {
    }

    /**
     * At most {@code limit} jobs accepted before the one numbered {@code before} (exclusive), newest
     * first, in one of {@code states} (all when empty).
     */
    public record ListJobs(int limit, long before, Set<JobState> states, ActorRef<Listed> replyTo) implements Command {
    }

    /** A page of jobs; {@code next} is the {@code before} of the next page, or -1 on the last one. */
    public record Listed(List<JobResult> jobs, long next) implements CborSerializable {
    }

    /** {@code result} is null for an unknown job id. */
    public record Lookup(JobResult result) implements CborSerializable {
    }

    public record Closed(int cancelled) implements CborSerializable {
    }

    /** A coordinator's report of its job's progress. */
    record Progressed(JobResult snapshot) implements Command {
    }

    /** A coordinator's final result. */
    record Finished(JobResult result) implements Command {
    }

    private record CoordinatorStopped(String jobId) implements Command, NoSerializationVerificationNeeded {
    }

    private record SubscriberGone(String jobId, ActorRef<JobResult> subscriber)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** A job that has not ended. */
    private static final class Job {
        final String id;
        final JobSpec spec;
        final long acceptedNanos;
        final Set<ActorRef<JobResult>> subscribers = new LinkedHashSet<>();
        final List<ActorRef<Lookup>> cancelWaiters = new ArrayList<>();
        ActorRef<JobCoordinator.Command> coordinator;
        JobResult snapshot;

        Job(String id, JobSpec spec, long acceptedNanos) {
            this.id = id;
            this.spec = spec;
            this.acceptedNanos = acceptedNanos;
            this.snapshot = JobResult.queued(id, spec);
        }
    }

    private final RuntimeSettings settings;
    private final JobCache cache;
    private final String node;
    private final Map<String, Job> live = new HashMap<>();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Map<String, JobResult> finished;
    /** Every job held (live or finished and kept) by the number of its acceptance, for listing in order. */
    private final NavigableMap<Long, String> accepted = new TreeMap<>();
    private final Map<String, Long> acceptance = new HashMap<>();
    private long acceptedCount;
    private int running;
    private boolean closing;
    private final List<ActorRef<Closed>> closeWaiters = new ArrayList<>();
    private int cancelledOnClose;

    public static Behavior<Command> create() {
        return Behaviors.setup(context -> new JobRegistry(context,
                RuntimeSettings.from(context.getSystem().settings().config())));
    }

    private JobRegistry(ActorContext<Command> context, RuntimeSettings settings) {
        super(context);
        this.settings = settings;
        this.cache = JobCache.get(context.getSystem());
        this.node = context.getSystem().address().toString();
        int retain = settings.retainFinished();
        this.finished = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JobResult> eldest) {
                if (size() > retain) {
                    Long number = acceptance.remove(eldest.getKey());
                    if (number != null) {
                        accepted.remove(number);
                    }
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Watch.class, this::onWatch)
                .onMessage(Unwatch.class, this::onUnwatch)
                .onMessage(Get.class, this::onGet)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(ListJobs.class, this::onListJobs)
                .onMessage(CancelAll.class, this::onCancelAll)
                .onMessage(Progressed.class, this::onProgressed)
                .onMessage(Finished.class, this::onFinished)
                .onMessage(CoordinatorStopped.class, this::onCoordinatorStopped)
                .onMessage(SubscriberGone.class, gone -> onUnwatch(new Unwatch(gone.jobId(), gone.subscriber())))
                .onSignal(PostStop.class, stopped -> {
                    NodeMetrics.JOBS.remove(node, "running");
                    NodeMetrics.JOBS.remove(node, "queued");
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit submit) {
        if (closing) {
            NodeMetrics.JOBS_REFUSED.labelValues("closing").inc();
            submit.replyTo().tell(new Submitted(null, Refusal.CLOSING, "the server is shutting down"));
            return this;
        }
        if (running >= settings.maxRunning() && queue.size() >= settings.maxQueued()) {
            NodeMetrics.JOBS_REFUSED.labelValues("capacity").inc();
            submit.replyTo().tell(new Submitted(null, Refusal.CAPACITY, "the server is at capacity: "
                    + running + " jobs running and " + queue.size() + " queued; try again later"));
            return this;
        }
        String id = UUID.randomUUID().toString();
        try {
            cache.decoded(id, submit.spec());
        } catch (IllegalArgumentException e) {
            NodeMetrics.JOBS_REFUSED.labelValues("invalid").inc();
            submit.replyTo().tell(new Submitted(null, Refusal.INVALID, e.getMessage()));
            return this;
        }
        Job job = new Job(id, submit.spec(), System.nanoTime());
        live.put(id, job);
        accepted.put(acceptedCount, id);
        acceptance.put(id, acceptedCount++);
        if (running < settings.maxRunning()) {
            start(job);
        } else {
            queue.add(job);
        }
        NodeMetrics.JOBS_ACCEPTED.inc();
        NodeMetrics.jobCounts(node, running, queue.size());
        submit.replyTo().tell(new Submitted(id, null, ""));
        return this;
    }

    private void start(Job job) {
        running++;
        job.coordinator = getContext().spawn(JobCoordinator.create(job.id, job.spec, job.acceptedNanos,
                getContext().getSelf()), "job-" + job.id);
        getContext().watchWith(job.coordinator, new CoordinatorStopped(job.id));
        JobResult queued = job.snapshot;
        job.snapshot = new JobResult(queued.jobId(), queued.label(), JobState.RUNNING, null, queued.strategy(),
                List.of(), "", 0, queued.givenTotal(), 0, queued.heldoutTotal(), 0, 0, 0,
                (System.nanoTime() - job.acceptedNanos) / 1_000_000, "");
        publish(job);
        NodeMetrics.jobCounts(node, running, queue.size());
    }

    private Behavior<Command> onWatch(Watch watch) {
        Job job = live.get(watch.jobId());
        if (job != null) {
            job.subscribers.add(watch.subscriber());
            getContext().watchWith(watch.subscriber(), new SubscriberGone(job.id, watch.subscriber()));
            watch.replyTo().tell(new Lookup(job.snapshot));
        } else {
            watch.replyTo().tell(new Lookup(finished.get(watch.jobId())));
        }
        return this;
    }

    private Behavior<Command> onUnwatch(Unwatch unwatch) {
        Job job = live.get(unwatch.jobId());
        if (job != null && job.subscribers.remove(unwatch.subscriber())) {
            getContext().unwatch(unwatch.subscriber());
        }
        return this;
    }

    private Behavior<Command> onGet(Get get) {
        Job job = live.get(get.jobId());
        get.replyTo().tell(new Lookup(job != null ? job.snapshot : finished.get(get.jobId())));
        return this;
    }

    private Behavior<Command> onCancel(Cancel cancel) {
        Job job = live.get(cancel.jobId());
        if (job == null) {
            cancel.replyTo().tell(new Lookup(finished.get(cancel.jobId())));
        } else if (job.coordinator == null) {
            queue.remove(job);
            end(job, cancelledWhileQueued(job, "cancelled by request"));
            cancel.replyTo().tell(new Lookup(finished.get(job.id)));
        } else {
            job.cancelWaiters.add(cancel.replyTo());
            job.coordinator.tell(new JobCoordinator.Cancel("cancelled by request"));
        }
        return this;
    }

    private Behavior<Command> onListJobs(ListJobs list) {
        List<JobResult> page = new ArrayList<>();
        long next = -1;
        for (Map.Entry<Long, String> entry : accepted.headMap(list.before(), false).descendingMap().entrySet()) {
            Job job = live.get(entry.getValue());
            JobResult result = job != null ? job.snapshot : finished.get(entry.getValue());
            if (result == null || (!list.states().isEmpty() && !list.states().contains(result.state()))) {
                continue;
            }
            if (page.size() == list.limit()) {
                next = entry.getKey() + 1;
                break;
            }
            page.add(result);
        }
        list.replyTo().tell(new Listed(page, next));
        return this;
    }

    private Behavior<Command> onCancelAll(CancelAll cancelAll) {
        closing = true;
        closeWaiters.add(cancelAll.replyTo());
        for (Job job : List.copyOf(queue)) {
            queue.remove(job);
            end(job, cancelledWhileQueued(job, cancelAll.message()));
            cancelledOnClose++;
        }
        for (Job job : live.values()) {
            job.coordinator.tell(new JobCoordinator.Cancel(cancelAll.message()));
        }
        replyIfClosed();
        return this;
    }

    private JobResult cancelledWhileQueued(Job job, String message) {
        return JobResult.ended(job.id, job.spec, JobState.CANCELLED, StopReason.CANCELLED,
                (System.nanoTime() - job.acceptedNanos) / 1_000_000, message);
    }

    private Behavior<Command> onProgressed(Progressed progressed) {
        Job job = live.get(progressed.snapshot().jobId());
        if (job != null) {
            job.snapshot = progressed.snapshot();
            publish(job);
        }
        return this;
    }

    private Behavior<Command> onFinished(Finished finished) {
        Job job = live.get(finished.result().jobId());
        if (job != null) {
            getContext().unwatch(job.coordinator);
            getContext().stop(job.coordinator);
            running--;
            if (closing && finished.result().state() == JobState.CANCELLED) {
                cancelledOnClose++;
            }
            end(job, finished.result());
            startQueued();
            replyIfClosed();
        }
        return this;
    }

    /** A coordinator that stops before reporting has crashed: its job fails, it is not lost. */
    private Behavior<Command> onCoordinatorStopped(CoordinatorStopped stopped) {
        Job job = live.get(stopped.jobId());
        if (job != null && job.coordinator != null) {
            running--;
            end(job, JobResult.ended(job.id, job.spec, JobState.FAILED, StopReason.ERROR,
                    (System.nanoTime() - job.acceptedNanos) / 1_000_000, "the job's coordinator stopped unexpectedly"));
            startQueued();
            replyIfClosed();
        }
        return this;
    }

    private void end(Job job, JobResult result) {
        String state = result.state().name().toLowerCase(java.util.Locale.ROOT);
        NodeMetrics.JOBS_FINISHED.labelValues(state).inc();
        NodeMetrics.JOB_SECONDS.labelValues(state).observe((System.nanoTime() - job.acceptedNanos) / 1e9);
        NodeMetrics.jobCounts(node, running, queue.size());
        live.remove(job.id);
        finished.put(job.id, result);
        job.snapshot = result;
        publish(job);
        for (ActorRef<JobResult> subscriber : job.subscribers) {
            getContext().unwatch(subscriber);
        }
        job.subscribers.clear();
        job.cancelWaiters.forEach(waiter -> waiter.tell(new Lookup(result)));
        job.cancelWaiters.clear();
        cache.forget(job.id);
    }

    private void publish(Job job) {
        for (ActorRef<JobResult> subscriber : job.subscribers) {
            subscriber.tell(job.snapshot);
        }
    }

    private void startQueued() {
        while (running < settings.maxRunning() && !queue.isEmpty()) {
            start(queue.poll());
        }
    }

    private void replyIfClosed() {
        if (closing && live.isEmpty()) {
            closeWaiters.forEach(waiter -> waiter.tell(new Closed(cancelledOnClose)));
            closeWaiters.clear();
        }
    }
}
