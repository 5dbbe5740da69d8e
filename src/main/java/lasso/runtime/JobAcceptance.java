package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.EntityRef;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * One submission's way into the journal: sends the job's entity an {@link JobEntity.Accept}, again
 * every {@link JobEntity#SEND_AGAIN_AFTER} until the first answer, which goes to the registry, or
 * until {@code timeout} (then an empty one). Cluster Sharding drops the messages it buffered for a
 * shard being handed over, so one Accept may never arrive; every try has this actor as its reply
 * destination, so the first answer wins (the one that created the job, when an earlier try did).
 */
final class JobAcceptance {

    private record SendAgain() implements NoSerializationVerificationNeeded {
    }

    private record GiveUp() implements NoSerializationVerificationNeeded {
    }

    private JobAcceptance() {
    }

    /**
     * @param accept   the Accept, given its reply destination
     * @param answered the registry's message for the answer (empty: none within {@code timeout})
     */
    static Behavior<Object> create(EntityRef<JobEntity.Command> job,
                                   Function<ActorRef<JobEntity.Accepted>, JobEntity.Accept> accept, Duration timeout,
                                   ActorRef<JobRegistry.Command> registry,
                                   Function<Optional<JobEntity.Accepted>, JobRegistry.Command> answered) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            JobEntity.Accept message = accept.apply(context.getSelf().narrow());
            job.tell(message);
            timers.startTimerWithFixedDelay(new SendAgain(), JobEntity.SEND_AGAIN_AFTER);
            timers.startSingleTimer(new GiveUp(), timeout);
            return Behaviors.receive(Object.class)
                    .onMessage(JobEntity.Accepted.class, accepted -> {
                        registry.tell(answered.apply(Optional.of(accepted)));
                        return Behaviors.stopped();
                    })
                    .onMessage(SendAgain.class, again -> {
                        job.tell(message);
                        return Behaviors.same();
                    })
                    .onMessage(GiveUp.class, giveUp -> {
                        registry.tell(answered.apply(Optional.empty()));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
