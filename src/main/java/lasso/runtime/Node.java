package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.ShardingMessageExtractor;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;

import java.util.List;
import java.util.Optional;

/**
 * The guardian of a node: once the journal is ready ({@link Start}), starts Cluster Sharding for jobs
 * and frontier shards, and what the node's cluster roles host ({@code api}: the job registry and the
 * jobs; {@code executor}: executors and frontier shards; {@code model}: synthesizers
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
        return Behaviors.setup(context -> {
            String node = context.getSystem().address().toString();
            String roleNames = String.join(",", roles);
            NodeMetrics.NODE.labelValues(node, roleNames).set(1);
            return Behaviors.receive(Command.class)
                    .onMessage(Start.class, start -> {
                        start.replyTo().tell(spawnWorkers(context, settings, roles));
                        return started(node, roleNames);
                    })
                    .onSignal(PostStop.class, stopped -> forget(node, roleNames))
                    .build();
        });
    }

    /** After {@link Start}: nothing more to do but leave the metrics when the node stops. */
    private static Behavior<Command> started(String node, String roleNames) {
        return Behaviors.receive(Command.class)
                .onSignal(PostStop.class, stopped -> forget(node, roleNames))
                .build();
    }

    private static Behavior<Command> forget(String node, String roleNames) {
        NodeMetrics.NODE.remove(node, roleNames);
        return Behaviors.same();
    }

    private static Optional<ActorRef<JobRegistry.Command>> spawnWorkers(ActorContext<Command> context,
                                                                       RuntimeSettings settings, List<String> roles) {
        initSharding(context);
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

    /**
     * The two entity types, on every node (one without the entity's role gets a proxy): jobs on api
     * nodes, remembered so that they restart elsewhere when their node is lost; frontier shards on
     * executor nodes, shard INDEX of every job in Cluster Sharding's shard INDEX, which spreads a
     * job's shards evenly over the executor nodes.
     */
    private static void initSharding(ActorContext<Command> context) {
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        sharding.init(Entity.of(JobEntity.TYPE_KEY, JobEntity::create)
                .withRole(API)
                .withSettings(ClusterShardingSettings.create(context.getSystem()).withRememberEntities(true)));
        int shards = context.getSystem().settings().config().getInt("akka.cluster.sharding.number-of-shards");
        sharding.init(Entity.of(FrontierShardEntity.TYPE_KEY, entity -> FrontierShardEntity.create(entity.getEntityId()))
                .withRole(EXECUTOR).withMessageExtractor(byShardIndex(shards)));
        sharding.init(Entity.of(AsyncShardEntity.TYPE_KEY, entity -> AsyncShardEntity.create(entity.getEntityId()))
                .withRole(EXECUTOR).withMessageExtractor(byShardIndex(shards)));
    }

    /** Shard INDEX of every job in Cluster Sharding's shard INDEX (modulo their number). */
    private static <M> ShardingMessageExtractor<ShardingEnvelope<M>, M> byShardIndex(int shards) {
        return new ShardingMessageExtractor<>() {
            @Override
            public String entityId(ShardingEnvelope<M> envelope) {
                return envelope.entityId();
            }

            @Override
            public String shardId(String entityId) {
                return String.valueOf(FrontierShardEntity.index(entityId) % shards);
            }

            @Override
            public M unwrapMessage(ShardingEnvelope<M> envelope) {
                return envelope.message();
            }
        };
    }

    private static <T> void spawn(ActorContext<Command> context, Behavior<T> behavior, String name, int count,
                                  DispatcherSelector dispatcher) {
        for (int i = 0; i < count; i++) {
            context.spawn(behavior, name + "-" + i, dispatcher);
        }
    }
}
