package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.RecipientRef;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;

import java.util.ArrayList;
import java.util.List;

/**
 * An async frontier shard's candidates to and from its peers: through Cluster Sharding until the
 * coordinator has said where every shard lives ({@link AsyncShardEntity.Peers}), then direct and
 * grouped by node ({@link ShardRoutes}), edits for another node held in an outbox until the shard
 * sends them ({@link AsyncShardEntity} decides when: after its next expansion's, within the edit wait).
 */
final class ShardMail {

    private final ActorSystem<?> system;
    private final String prefix;
    private final int index;
    private final List<EntityRef<AsyncShardEntity.Command>> peers = new ArrayList<>();
    private ShardRoutes routes;
    private CandidateOutbox<Program> outbox;

    /** The mail of entity {@code entityId} ({@code JOB|ATTEMPT|INDEX}). */
    ShardMail(ActorSystem<?> system, String entityId) {
        this.system = system;
        this.prefix = entityId.substring(0, entityId.lastIndexOf('|') + 1);
        this.index = FrontierShardEntity.index(entityId);
    }

    /** The job opened here, with {@code shards} shards. */
    void opened(int shards) {
        for (int i = 0; i < shards; i++) {
            peers.add(sharding(i));
        }
    }

    /** The job's shards, once opened. */
    int shards() {
        return peers.size();
    }

    /** Where every shard lives, from the coordinator: from now on, direct messages. */
    void located(List<ActorRef<AsyncShardEntity.Command>> shards) {
        if (routes == null && shards.size() == peers.size()) {
            routes = new ShardRoutes(shards);
            outbox = routes.outbox();
        }
    }

    /** The parts of a message that are this shard's; the others go on to their shards (of this node). */
    List<CandidateOutbox.Part<Program>> sortOut(AsyncShardEntity.Candidates candidates) {
        if (candidates.parts().stream().allMatch(part -> part.shard() == index)) {
            return candidates.parts();
        }
        return ShardRoutes.handOut(candidates.parts(), candidates.fromEditor(), index, this::peer);
    }

    /** An expansion's edits, one list per shard (this shard's empty): this node's go at once, others' are held. */
    void post(List<List<Candidate<Program>>> byOwner) {
        if (outbox == null) {
            ShardRoutes.sendEach(byOwner, true, peers::get);
            return;
        }
        outbox.add(byOwner);
        CandidateOutbox.Parcel<Program> here = outbox.take(routes.nodeOf(index));
        if (here != null) {
            routes.send(here, true);
        }
    }

    /** Whether edits are held for another node. */
    boolean holding() {
        return outbox != null && outbox.holdsBeyond(routes.nodeOf(index));
    }

    /** Sends every edit held, one message per node. */
    void sendHeld() {
        if (outbox != null) {
            outbox.takeAll().forEach(parcel -> routes.send(parcel, true));
        }
    }

    private RecipientRef<AsyncShardEntity.Command> peer(int shard) {
        if (routes != null) {
            return routes.shard(shard);
        }
        return shard < peers.size() ? peers.get(shard) : sharding(shard);
    }

    private EntityRef<AsyncShardEntity.Command> sharding(int shard) {
        return ClusterSharding.get(system).entityRefFor(AsyncShardEntity.TYPE_KEY, prefix + shard);
    }
}
