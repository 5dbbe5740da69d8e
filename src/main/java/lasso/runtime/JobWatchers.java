package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who waits on a job in its entity: watchers, sent every snapshot until the result (each watched, so
 * that one that stops is forgotten), and cancellers, answered with the final state.
 */
final class JobWatchers {

    private final ActorContext<JobEntity.Command> context;
    private final Set<ActorRef<JobResult>> subscribers = new LinkedHashSet<>();
    /** A set: a canceller sends its Cancel again until answered (a hand-off may drop it). */
    private final Set<ActorRef<JobEntity.Lookup>> cancelWaiters = new LinkedHashSet<>();

    JobWatchers(ActorContext<JobEntity.Command> context) {
        this.context = context;
    }

    /** A watcher that stopped: the entity forgets it. */
    record SubscriberGone(ActorRef<JobResult> subscriber) implements JobEntity.Command, NoSerializationVerificationNeeded {
    }

    /** The entity hears {@link SubscriberGone} when the subscriber stops. */
    void watch(ActorRef<JobResult> subscriber) {
        if (subscribers.add(subscriber)) {
            context.watchWith(subscriber, new SubscriberGone(subscriber));
        }
    }

    void unwatch(ActorRef<JobResult> subscriber) {
        if (subscribers.remove(subscriber)) {
            context.unwatch(subscriber);
        }
    }

    void gone(ActorRef<JobResult> subscriber) {
        subscribers.remove(subscriber);
    }

    void awaitCancel(ActorRef<JobEntity.Lookup> replyTo) {
        if (replyTo != null) {
            cancelWaiters.add(replyTo);
        }
    }

    void snapshot(JobResult snapshot) {
        subscribers.forEach(subscriber -> subscriber.tell(snapshot));
    }

    /** The job ended: every watcher gets the result, every canceller {@code lookup}, and all are forgotten. */
    void ended(JobResult result, JobEntity.Lookup lookup) {
        subscribers.forEach(subscriber -> {
            subscriber.tell(result);
            context.unwatch(subscriber);
        });
        subscribers.clear();
        cancelWaiters.forEach(waiter -> waiter.tell(lookup));
        cancelWaiters.clear();
    }
}
