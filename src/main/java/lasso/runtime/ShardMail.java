package lasso.runtime;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import lasso.search.Candidate;
import lasso.search.CandidateOutbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An async frontier shard's candidates to and from its peers: through Cluster Sharding until the
 * coordinator has said where every shard lives ({@link AsyncShardEntity.Peers}), then direct and
 * grouped by node ({@link ShardRoutes}), edits for another node held in an outbox while the shard is
 * still expanding, up to the edit wait, so that they go with its next expansion's. Edits that come
 * before the job opened here (the shards open in any order) are kept for it.
 */
final class ShardMail {

    /** The edit wait is over: the edits held go. */
    record SendHeld() implements AsyncShardEntity.Command, NoSerializationVerificationNeeded {
    }

    private static final int MAX_EARLY = 10_000;

    private final ActorSystem<?> system;
    private final TimerScheduler<? super SendHeld> timers;
    private final Duration editWait;
    private final String prefix;
    private final int index;
    private final List<EntityRef<AsyncShardEntity.Command>> peers = new ArrayList<>();
    /** This shard's parts of messages that came before the job opened here. */
    private final List<AsyncShardEntity.Candidates> early = new ArrayList<>();
    private ShardRoutes routes;
    private CandidateOutbox<Program> outbox;

    /** The mail of entity {@code entityId} ({@code JOB|ATTEMPT|INDEX}), its edit wait on {@code timers}. */
    ShardMail(ActorSystem<?> system, TimerScheduler<? super SendHeld> timers, Duration editWait, String entityId) {
        this.system = system;
        this.timers = timers;
        this.editWait = editWait;
        this.prefix = entityId.substring(0, entityId.lastIndexOf('|') + 1);
        this.index = FrontierShardEntity.index(entityId);
    }

    /** The job opened here, with {@code shards} shards: the parts kept for it until now. */
    List<AsyncShardEntity.Candidates> opened(int shards) {
        for (int i = 0; i < shards; i++) {
            peers.add(sharding(i));
        }
        List<AsyncShardEntity.Candidates> kept = List.copyOf(early);
        early.clear();
        return kept;
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

    /**
     * The parts of a message that are this shard's; the others go on to their shards (of this node).
     * Before the job opened here, this shard's are also kept for it (at most {@value MAX_EARLY} messages).
     */
    AsyncShardEntity.Candidates sortOut(AsyncShardEntity.Candidates candidates) {
        AsyncShardEntity.Candidates mine = candidates.parts().stream().allMatch(part -> part.shard() == index)
                ? candidates
                : new AsyncShardEntity.Candidates(ShardRoutes.handOut(candidates.parts(), candidates.fromEditor(), index,
                        this::peer), candidates.fromEditor());
        if (peers.isEmpty() && early.size() < MAX_EARLY && !mine.parts().isEmpty()) {
            early.add(mine);
        }
        return mine;
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

    /** Sends every edit held for other nodes, one message per node. */
    void sendHeld() {
        if (holding()) {
            timers.cancel(SendHeld.class);
            outbox.takeAll().forEach(parcel -> routes.send(parcel, true));
        }
    }

    /**
     * After the shard's work, the edits held go at once when it has no expansion going (no more are
     * coming soon) or when the wait is zero; else they wait for its next expansion's, up to the edit wait.
     */
    void sendHeldOrWait(boolean expanding) {
        if (!holding()) {
            return;
        }
        if (!expanding || editWait.isZero()) {
            sendHeld();
        } else if (!timers.isTimerActive(SendHeld.class)) {
            timers.startSingleTimer(SendHeld.class, new SendHeld(), editWait);
        }
    }

    /** Whether edits are held for another node. */
    private boolean holding() {
        return outbox != null && outbox.holdsBeyond(routes.nodeOf(index));
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
