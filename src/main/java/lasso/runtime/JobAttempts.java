package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import lasso.search.Strategy;

import java.time.Duration;
import java.util.function.Function;

/**
 * How a job's attempt runs: its coordinator (lock-step rounds, or shards on their own for best-first
 * jobs when {@code lasso.frontier.mode = async}) and the number of frontier shards it spreads over.
 */
final class JobAttempts {

    private JobAttempts() {
    }

    /**
     * The coordinator of attempt {@code attempt} of a job submitted at {@code submittedMillis} (wall
     * clock), whose deadline counts from there on this JVM's {@code System.nanoTime()}.
     */
    static Behavior<JobCoordinator.Command> coordinator(ActorContext<?> context, RuntimeSettings settings, String jobId,
                                                        int attempt, JobSpec spec, long submittedMillis,
                                                        ActorRef<JobEntity.Command> job) {
        int shards = shardCount(context, settings);
        boolean async = settings.asyncFrontier() && spec.settings().strategy() == Strategy.BEST_FIRST;
        context.getLog().info("job {} attempt {} runs on this node, its frontier in {} shards ({})", jobId, attempt,
                shards, async ? "async" : "lock-step");
        long submittedNanos = System.nanoTime() - (System.currentTimeMillis() - submittedMillis) * 1_000_000L;
        return async ? AsyncCoordinator.create(jobId, attempt, spec, submittedNanos, shards, job)
                : JobCoordinator.create(jobId, attempt, spec, submittedNanos, shards, job);
    }

    /** {@code lasso.frontier.shards}, or twice the executor nodes that are up now. */
    private static int shardCount(ActorContext<?> context, RuntimeSettings settings) {
        if (settings.frontierShards() > 0) {
            return settings.frontierShards();
        }
        int executors = 0;
        for (Member member : Cluster.get(context.getSystem()).state().getMembers()) {
            if (member.status() == MemberStatus.up() && member.hasRole(Node.EXECUTOR)) {
                executors++;
            }
        }
        return Math.max(1, 2 * executors);
    }

    /**
     * What a coordinator listens to and when it wakes, whatever its mode: the synthesizers listed,
     * nodes that leave, its deadline, progress every interval and checks for silent workers.
     */
    static void listen(ActorContext<JobCoordinator.Command> context, TimerScheduler<JobCoordinator.Command> timers,
                       RuntimeSettings settings, JobSpec spec, long startNanos,
                       Function<Receptionist.Listing, JobCoordinator.Command> synthesizersChanged,
                       Function<ClusterEvent.MemberRemoved, JobCoordinator.Command> nodeRemoved,
                       JobCoordinator.Command deadline, JobCoordinator.Command progress, JobCoordinator.Command check) {
        context.getSystem().receptionist().tell(Receptionist.subscribe(Synthesizer.SERVICE_KEY,
                context.messageAdapter(Receptionist.Listing.class, synthesizersChanged::apply)));
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberRemoved.class, nodeRemoved::apply),
                ClusterEvent.MemberRemoved.class));
        long left = spec.settings().deadlineNanos() - (System.nanoTime() - startNanos);
        timers.startSingleTimer("deadline", deadline,
                Duration.ofNanos(Math.max(0, Math.min(left, JobLimits.LONGEST_DEADLINE.toNanos()))));
        timers.startTimerWithFixedDelay("progress", progress, settings.progressInterval());
        timers.startTimerWithFixedDelay("check", check, settings.checkInterval());
    }

    /**
     * Whether a node that left took frontier shards with it (a job's shards are spread over every
     * executor node, and with them parts of its seen-set and frontier); if so the job hears that its
     * attempt is lost, and runs again rather than wait for answers that will not come.
     */
    static boolean lostShards(ClusterEvent.MemberRemoved removed, ActorRef<JobEntity.Command> job) {
        if (!removed.member().hasRole(Node.EXECUTOR)) {
            return false;
        }
        job.tell(new JobEntity.AttemptLost("executor node " + removed.member().address() + " left"));
        return true;
    }
}
