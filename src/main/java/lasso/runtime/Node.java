package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.Optional;

/**
 * The guardian of a node: starts the workers of the node's cluster roles ({@code api}: the job
 * registry; {@code synthesizer}, {@code executor}, {@code debugger}: that many actors of each kind,
 * executors on their own dispatcher, synthesizers and debuggers on the search dispatcher).
 */
final class Node {

    static final String API = "api";
    static final String SYNTHESIZER = "synthesizer";
    static final String EXECUTOR = "executor";
    static final String DEBUGGER = "debugger";

    interface Command {
    }

    /** The node's job registry; empty on a node without the {@code api} role. */
    record GetRegistry(ActorRef<Optional<ActorRef<JobRegistry.Command>>> replyTo) implements Command {
    }

    private Node() {
    }

    static Behavior<Command> create(RuntimeSettings settings, List<String> roles) {
        return Behaviors.setup(context -> {
            DispatcherSelector executorDispatcher = DispatcherSelector.fromConfig("lasso.executor-dispatcher");
            DispatcherSelector searchDispatcher = DispatcherSelector.fromConfig("lasso.search-dispatcher");
            if (roles.contains(EXECUTOR)) {
                spawn(context, Executor.create(), "executor", settings.executors(), executorDispatcher);
            }
            if (roles.contains(SYNTHESIZER)) {
                spawn(context, Synthesizer.create(), "synthesizer", settings.synthesizers(), searchDispatcher);
            }
            if (roles.contains(DEBUGGER)) {
                spawn(context, Debugger.create(), "debugger", settings.debuggers(), searchDispatcher);
            }
            NodeMetrics.NODE.labelValues(context.getSystem().address().toString(), String.join(",", roles)).set(1);
            Optional<ActorRef<JobRegistry.Command>> registry = roles.contains(API)
                    ? Optional.of(context.spawn(JobRegistry.create(), "jobs")) : Optional.empty();
            return Behaviors.receive(Command.class)
                    .onMessage(GetRegistry.class, get -> {
                        get.replyTo().tell(registry);
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, stopped -> {
                        NodeMetrics.NODE.remove(context.getSystem().address().toString(), String.join(",", roles));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static <T> void spawn(ActorContext<Command> context, Behavior<T> behavior, String name, int count,
                                  DispatcherSelector dispatcher) {
        for (int i = 0; i < count; i++) {
            context.spawn(behavior, name + "-" + i, dispatcher);
        }
    }
}
