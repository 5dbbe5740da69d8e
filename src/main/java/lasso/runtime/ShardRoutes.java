package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.RecipientRef;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;
import lasso.search.CandidateOutbox.Part;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The async frontier shards of one job attempt, as direct references once each has told its coordinator
 * where it lives ({@link AsyncShardEntity.Opened}): a message to one skips Cluster Sharding's two
 * region hops (the {@code internal-dispatcher}'s share of the CPU of a job spread over nodes), and the
 * shards are grouped by node, so that one message carries to a node of another JVM what all its shards
 * get, its first shard handing the others their parts. Shards of this JVM get their parts directly:
 * a local message costs less than the extra hop.
 */
final class ShardRoutes {

    private final List<ActorRef<AsyncShardEntity.Command>> shards;
    private final int[] nodeOf;
    private final boolean[] local;

    ShardRoutes(List<ActorRef<AsyncShardEntity.Command>> shards) {
        this.shards = List.copyOf(shards);
        List<Object> places = new ArrayList<>(shards.size());
        shards.forEach(shard -> places.add(shard.path().address()));
        this.nodeOf = CandidateOutbox.numbered(places);
        this.local = new boolean[shards.size()];
        for (int i = 0; i < shards.size(); i++) {
            local[nodeOf[i]] = shards.get(i).path().address().hasLocalScope();
        }
    }

    List<ActorRef<AsyncShardEntity.Command>> shards() {
        return shards;
    }

    ActorRef<AsyncShardEntity.Command> shard(int index) {
        return shards.get(index);
    }

    /** An empty outbox grouped by these shards' nodes. */
    CandidateOutbox<Program> outbox() {
        return new CandidateOutbox<>(nodeOf);
    }

    /** The node of shard {@code index}, numbered as in {@link #outbox()}. */
    int nodeOf(int index) {
        return nodeOf[index];
    }

    /** Whether {@code node} is this JVM. */
    boolean local(int node) {
        return local[node];
    }

    /**
     * Sends what an outbox held for one node: to this JVM, each shard its own parts; to another, one
     * message to the parcel's first shard, which hands the others theirs ({@link #handOut}).
     */
    void send(CandidateOutbox.Parcel<Program> parcel, boolean fromEditor) {
        if (local(parcel.node())) {
            handOut(parcel.parts(), fromEditor, -1, shards::get);
        } else {
            shards.get(parcel.parts().get(0).shard()).tell(new AsyncShardEntity.Candidates(parcel.parts(), fromEditor));
        }
    }

    /** Each non-empty list of a routing to its shard, one message each (while the shards' places are unknown). */
    static void sendEach(List<List<Candidate<Program>>> byOwner, boolean fromEditor,
                         IntFunction<? extends RecipientRef<AsyncShardEntity.Command>> shard) {
        for (int i = 0; i < byOwner.size(); i++) {
            if (!byOwner.get(i).isEmpty()) {
                shard.apply(i).tell(AsyncShardEntity.Candidates.of(i, byOwner.get(i), fromEditor));
            }
        }
    }

    /**
     * Sends each shard but {@code keep} its parts, in one message per shard, and returns the parts of
     * {@code keep} (in their order).
     */
    static List<Part<Program>> handOut(List<Part<Program>> parts, boolean fromEditor, int keep,
                                       IntFunction<? extends RecipientRef<AsyncShardEntity.Command>> shard) {
        List<Part<Program>> kept = new ArrayList<>();
        Map<Integer, List<Part<Program>>> others = new LinkedHashMap<>();
        for (Part<Program> part : parts) {
            if (part.shard() == keep) {
                kept.add(part);
            } else {
                others.computeIfAbsent(part.shard(), s -> new ArrayList<>()).add(part);
            }
        }
        others.forEach((index, theirs) -> shard.apply(index).tell(new AsyncShardEntity.Candidates(theirs, fromEditor)));
        return kept;
    }
}
