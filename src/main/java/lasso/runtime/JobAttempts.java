package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import lasso.search.Strategy;

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
}
