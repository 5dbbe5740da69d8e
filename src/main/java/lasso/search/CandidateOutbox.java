package lasso.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Candidates on their way to other {@link AsyncShard}s, gathered by the node each destination shard
 * lives on, so that one message carries to a node what several routings (several expansions, several
 * shards of that node) have for it. Each routing stays its own part, with its destination shard, so
 * that the shards count exactly the candidate messages they sent and received (what the job's
 * {@link AsyncSearch#idle()} compares), however they are grouped on the wire.
 */
public final class CandidateOutbox<P> {

    /** One routing's candidates for one shard. */
    public record Part<P>(int shard, List<Candidate<P>> candidates) {
    }

    /** What is held for one node, in the order it was added. */
    public record Parcel<P>(int node, List<Part<P>> parts) {
    }

    private final int[] nodeOf;
    private final int nodes;
    private final List<List<Part<P>>> held = new ArrayList<>();

    /**
     * @param nodeOf the node of each shard, numbered from 0 (shards with the same number share a node)
     */
    public CandidateOutbox(int[] nodeOf) {
        int max = -1;
        for (int node : nodeOf) {
            if (node < 0) {
                throw new IllegalArgumentException("a node number below zero: " + node);
            }
            max = Math.max(max, node);
        }
        this.nodeOf = nodeOf.clone();
        this.nodes = max + 1;
        for (int i = 0; i < nodes; i++) {
            held.add(new ArrayList<>());
        }
    }

    /** Each shard's node numbered by its first appearance among {@code places} (equal places, one node). */
    public static int[] numbered(List<?> places) {
        int[] nodeOf = new int[places.size()];
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < places.size(); i++) {
            int known = seen.indexOf(places.get(i));
            if (known < 0) {
                known = seen.size();
                seen.add(places.get(i));
            }
            nodeOf[i] = known;
        }
        return nodeOf;
    }

    public int nodeOf(int shard) {
        return nodeOf[shard];
    }

    /** Holds a routing's lists, one per shard (as {@link AsyncShard#expanded} and {@link AsyncSearch#route} give them); empty ones are skipped. */
    public void add(List<List<Candidate<P>>> byOwner) {
        if (byOwner.size() != nodeOf.length) {
            throw new IllegalArgumentException(byOwner.size() + " lists for " + nodeOf.length + " shards");
        }
        for (int shard = 0; shard < byOwner.size(); shard++) {
            if (!byOwner.get(shard).isEmpty()) {
                held.get(nodeOf[shard]).add(new Part<>(shard, byOwner.get(shard)));
            }
        }
    }

    /** Whether anything is held for {@code node}. */
    public boolean holds(int node) {
        return !held.get(node).isEmpty();
    }

    /** Whether anything is held for a node other than {@code except}. */
    public boolean holdsBeyond(int except) {
        for (int node = 0; node < nodes; node++) {
            if (node != except && holds(node)) {
                return true;
            }
        }
        return false;
    }

    /** What is held for {@code node}, now on its way; null when nothing is. */
    public Parcel<P> take(int node) {
        if (!holds(node)) {
            return null;
        }
        Parcel<P> parcel = new Parcel<>(node, List.copyOf(held.get(node)));
        held.get(node).clear();
        return parcel;
    }

    /** Everything held, one parcel per node that has something. */
    public List<Parcel<P>> takeAll() {
        List<Parcel<P>> parcels = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            Parcel<P> parcel = take(node);
            if (parcel != null) {
                parcels.add(parcel);
            }
        }
        return parcels;
    }
}
