package lasso.runtime;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.cluster.sharding.typed.javadsl.EntityContext;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Duration;

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
 * still queued whose admitting registry is gone starts at once. This class is the job's protocol and
 * its journal's events and state (their class names are in existing journals); {@link DurableJob}
 * is the entity's behaviour, and the job's {@link JobLedger} decides what each command journals and
 * what callers see.
 */
public final class JobEntity {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "lasso-job");

    public interface Command extends CborSerializable {
    }

    /**
     * A command that must arrive (an Accept, a Start, an Expire, a Cancel, a watch's request) is sent again when
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

    private JobEntity() {
    }

    static Behavior<Command> create(EntityContext<Command> entity) {
        return DurableJob.create(entity);
    }
}
