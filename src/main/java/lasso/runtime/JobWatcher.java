package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Hands one job's snapshots and result to a listener outside the actor system (a gRPC stream, a
 * command line), and stops after the result. It receives the registry's {@link JobResult}s and its
 * {@link JobRegistry.Lookup} answer to the watch, so it accepts any message and narrows its reference.
 */
final class JobWatcher {

    /** Stop watching before the job ends. */
    record Stop() implements NoSerializationVerificationNeeded {
    }

    private JobWatcher() {
    }

    /**
     * @param current  completed with the job's state when the watch began (empty: unknown job)
     * @param listener called with the job's state when the watch began, each later snapshot and the
     *                 result, in order, on the watcher's thread
     */
    static Behavior<Object> create(CompletableFuture<Optional<JobResult>> current, Consumer<JobResult> listener) {
        return Behaviors.receive(Object.class)
                .onMessage(JobRegistry.Lookup.class, lookup -> {
                    current.complete(Optional.ofNullable(lookup.result()));
                    if (lookup.result() == null) {
                        return Behaviors.stopped();
                    }
                    listener.accept(lookup.result());
                    return lookup.result().state().isFinal() ? Behaviors.stopped() : Behaviors.same();
                })
                .onMessage(JobResult.class, result -> {
                    listener.accept(result);
                    return result.state().isFinal() ? Behaviors.stopped() : Behaviors.same();
                })
                .onMessage(Stop.class, stop -> Behaviors.stopped())
                .build();
    }
}
