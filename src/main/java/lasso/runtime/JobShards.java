package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link AsyncShardEntity} shards of one job attempt as its coordinator reaches them: through
 * Cluster Sharding until every shard has told where it lives ({@link AsyncShardEntity.Opened}), then,
 * once all have been told where the others live ({@link AsyncShardEntity.Peers}), direct and one
 * message per node ({@link ShardRoutes}). Opening and closing always go through Cluster Sharding.
 */
final class JobShards {

    private final List<EntityRef<AsyncShardEntity.Command>> entities = new ArrayList<>();
    private final List<ActorRef<AsyncShardEntity.Command>> opened = new ArrayList<>();
    private ShardRoutes routes;

    JobShards(ActorSystem<?> system, String jobId, int attempt, int shards) {
        ClusterSharding sharding = ClusterSharding.get(system);
        for (int i = 0; i < shards; i++) {
            entities.add(sharding.entityRefFor(AsyncShardEntity.TYPE_KEY, FrontierShardEntity.entityId(jobId, attempt, i)));
            opened.add(null);
        }
    }

    int size() {
        return entities.size();
    }

    /** Opens (or closes) every shard. */
    void tellAll(AsyncShardEntity.Command command) {
        entities.forEach(shard -> shard.tell(command));
    }

    /** A shard opened; once all have, each is told where the others live. */
    void opened(AsyncShardEntity.Opened located) {
        if (routes != null || located.shard() < 0 || located.shard() >= opened.size()) {
            return;
        }
        opened.set(located.shard(), located.self());
        if (!opened.contains(null)) {
            routes = new ShardRoutes(opened);
            AsyncShardEntity.Peers peers = new AsyncShardEntity.Peers(routes.shards());
            routes.shards().forEach(shard -> shard.tell(peers));
        }
    }

    /** The synthesizer's candidates, one list per shard (empty ones skipped). */
    void route(List<List<Candidate<Program>>> byOwner) {
        if (routes == null) {
            ShardRoutes.sendEach(byOwner, false, entities::get);
            return;
        }
        CandidateOutbox<Program> outbox = routes.outbox();
        outbox.add(byOwner);
        outbox.takeAll().forEach(parcel -> routes.send(parcel, false));
    }

    void grant(int shard, AsyncShardEntity.Grant grant) {
        if (routes == null) {
            entities.get(shard).tell(grant);
        } else {
            routes.shard(shard).tell(grant);
        }
    }
}
