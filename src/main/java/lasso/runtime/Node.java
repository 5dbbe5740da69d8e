package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.Optional;

/**
 * The guardian of a node: once the journal is ready ({@link Start}), starts what the node's cluster
 * roles host ({@code api}: the job registry; {@code executor}: executors; {@code model}: synthesizers
 * and debuggers, or {@code synthesizer} / {@code debugger} for one of the two), executors on their
 * own dispatcher, synthesizers and debuggers on the search dispatcher.
 */
final class Node {

    static final String API = "api";
    static final String EXECUTOR = "executor";
    static final String MODEL = "model";
    static final String SYNTHESIZER = "synthesizer";
    static final String DEBUGGER = "debugger";
    static final List<String> ROLES = List.of(API, EXECUTOR, MODEL, SYNTHESIZER, DEBUGGER);

    interface Command {
    }

    /** Start the node's workers; the reply is its job registry, empty without the {@code api} role. */
    record Start(ActorRef<Optional<ActorRef<JobRegistry.Command>>> replyTo) implements Command {
    }

    private Node() {
    }

    static Behavior<Command> create(RuntimeSettings settings, List<String> roles) {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("akka.cluster.roles: unknown role '" + role + "' (known: "
                        + String.join(", ", ROLES) + ")");
            }
        }
        return Behaviors.setup(context -> Behaviors.receive(Command.class)
                .onMessage(Start.class, start -> {
                    start.replyTo().tell(spawnWorkers(context, settings, roles));
                    return Behaviors.ignore();
                })
                .build());
    }

    private static Optional<ActorRef<JobRegistry.Command>> spawnWorkers(ActorContext<Command> context,
                                                                       RuntimeSettings settings, List<String> roles) {
        DispatcherSelector executorDispatcher = DispatcherSelector.fromConfig("lasso.executor-dispatcher");
        DispatcherSelector searchDispatcher = DispatcherSelector.fromConfig("lasso.search-dispatcher");
        if (roles.contains(EXECUTOR)) {
            spawn(context, Executor.create(), "executor", settings.executors(), executorDispatcher);
        }
        if (roles.contains(MODEL) || roles.contains(SYNTHESIZER)) {
            spawn(context, Synthesizer.create(), "synthesizer", settings.synthesizers(), searchDispatcher);
        }
        if (roles.contains(MODEL) || roles.contains(DEBUGGER)) {
            spawn(context, Debugger.create(), "debugger", settings.debuggers(), searchDispatcher);
        }
        return roles.contains(API) ? Optional.of(context.spawn(JobRegistry.create(), "jobs")) : Optional.empty();
    }

    private static <T> void spawn(ActorContext<Command> context, Behavior<T> behavior, String name, int count,
                                  DispatcherSelector dispatcher) {
        for (int i = 0; i < count; i++) {
            context.spawn(behavior, name + "-" + i, dispatcher);
        }
    }
}
