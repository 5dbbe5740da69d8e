package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.EntityRef;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One message that must reach a job's entity (a submission's Accept, a queued job's Start, a
 * close's Cancel): sent again every {@link JobEntity#SEND_AGAIN_AFTER} until the first answer, which
 * goes to whoever sent it, or until {@code timeout} (then an empty one). Cluster Sharding drops the
 * messages it buffered for a shard being handed over, so one try may never arrive; every try has
 * this actor as its reply destination, so the first answer wins (for an Accept, the one that created
 * the job, when an earlier try did).
 */
final class JobDelivery {

    private record SendAgain() implements NoSerializationVerificationNeeded {
    }

    private record GiveUp() implements NoSerializationVerificationNeeded {
    }

    private JobDelivery() {
    }

    /**
     * @param message  the message, given its reply destination
     * @param answered called with the answer, or empty when none came within {@code timeout} (only a
     *                 tell: it runs on this actor's thread)
     */
    static <A> Behavior<Object> create(EntityRef<JobEntity.Command> job, Class<A> answer,
                                       Function<ActorRef<A>, JobEntity.Command> message, Duration timeout,
                                       Consumer<Optional<A>> answered) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            JobEntity.Command sent = message.apply(context.getSelf().narrow());
            job.tell(sent);
            timers.startTimerWithFixedDelay(new SendAgain(), JobEntity.SEND_AGAIN_AFTER);
            timers.startSingleTimer(new GiveUp(), timeout);
            return Behaviors.receive(Object.class)
                    .onMessage(answer, reply -> {
                        answered.accept(Optional.of(reply));
                        return Behaviors.stopped();
                    })
                    .onMessage(SendAgain.class, again -> {
                        job.tell(sent);
                        return Behaviors.same();
                    })
                    .onMessage(GiveUp.class, giveUp -> {
                        answered.accept(Optional.empty());
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
