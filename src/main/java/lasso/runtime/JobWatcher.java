package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.EntityRef;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Hands one job's snapshots and result to a listener outside the actor system (a gRPC stream, a
 * command line), and stops after the result. It watches the job's entity: when the entity's node is
 * lost, it asks again through Cluster Sharding, which starts the job on another node. It receives
 * the job's {@link JobResult}s and {@link JobEntity.Lookup} answers, so it accepts any message and
 * narrows its reference. It asks until the entity answers: Cluster Sharding drops the messages it
 * buffered for a shard that is being handed over ("Dropping buffered messages … during hand off"), and
 * a watch whose request was dropped would wait for ever.
 */
final class JobWatcher {

    /** Stop watching before the job ends. */
    record Stop() implements NoSerializationVerificationNeeded {
    }

    private record JobGone() implements NoSerializationVerificationNeeded {
    }

    private record Subscribe() implements NoSerializationVerificationNeeded {
    }

    /** Before asking again after the job's node was lost: Cluster Sharding needs the node downed first. */
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);

    private JobWatcher() {
    }

    /**
     * @param current  completed with the job's state when the watch began (empty: unknown job)
     * @param listener called with the job's state when the watch began, each later snapshot and the
     *                 result, in order, on the watcher's thread
     */
    static Behavior<Object> create(EntityRef<JobEntity.Command> job, CompletableFuture<Optional<JobResult>> current,
                                   Consumer<JobResult> listener) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            ActorRef<JobResult> self = context.getSelf().narrow();
            ActorRef<JobEntity.Lookup> replies = context.getSelf().narrow();
            Runnable subscribe = () -> {
                job.tell(new JobEntity.Watch(self, replies));
                timers.startSingleTimer("unanswered", new Subscribe(), JobEntity.SEND_AGAIN_AFTER);
            };
            subscribe.run();
            return Behaviors.receive(Object.class)
                    .onMessage(JobEntity.Lookup.class, lookup -> {
                        timers.cancel("unanswered");
                        if (lookup.result() == null) {
                            current.complete(Optional.empty());
                            return Behaviors.stopped();
                        }
                        current.complete(Optional.of(lookup.result()));
                        listener.accept(lookup.result());
                        if (lookup.result().state().isFinal()) {
                            return Behaviors.stopped();
                        }
                        context.watchWith(lookup.job(), new JobGone());
                        return Behaviors.same();
                    })
                    .onMessage(JobResult.class, result -> {
                        listener.accept(result);
                        return result.state().isFinal() ? Behaviors.stopped() : Behaviors.same();
                    })
                    .onMessage(JobGone.class, gone -> {
                        timers.startSingleTimer(new Subscribe(), RESUBSCRIBE_AFTER);
                        return Behaviors.same();
                    })
                    .onMessage(Subscribe.class, again -> {
                        subscribe.run();
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, stop -> {
                        job.tell(new JobEntity.Unwatch(self));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
