package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import lasso.search.Admitted;
import lasso.search.RoundAnswers;

import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The {@link FrontierShardEntity} shards of one lock-step job attempt, reached through Cluster
 * Sharding, and what a round tells them; their answers go to {@code answers}.
 */
final class LockStepShards {

    private final List<EntityRef<FrontierShardEntity.Command>> shards;
    private final ActorRef<FrontierShardEntity.Answer> answers;

    /** Opens {@code count} shards; {@code shard} gives shard INDEX's entity. */
    LockStepShards(int count, IntFunction<EntityRef<FrontierShardEntity.Command>> shard, JobSpec spec,
                   ActorRef<FrontierShardEntity.Answer> answers) {
        this.answers = answers;
        this.shards = IntStream.range(0, count).mapToObj(shard).toList();
        shards.forEach(entity -> entity.tell(new FrontierShardEntity.Open(spec, spec.settings().expansionsPerRound(),
                answers)));
    }

    int size() {
        return shards.size();
    }

    /** Each shard's part of a round's expansions (a shard with none hears nothing). */
    void expand(long round, List<RoundAnswers.ShardExpansions<Program>> parts) {
        for (int i = 0; i < shards.size(); i++) {
            RoundAnswers.ShardExpansions<Program> part = parts.get(i);
            if (!part.slots().isEmpty()) {
                shards.get(i).tell(new FrontierShardEntity.Expand(round, part.slots(), part.expansions(), answers));
            }
        }
    }

    /** Candidates for each shard, one list per shard; {@code last}: the round's last part. */
    void offer(long round, List<List<Admitted<Program>>> offers, boolean last, boolean hold) {
        for (int i = 0; i < shards.size(); i++) {
            shards.get(i).tell(new FrontierShardEntity.Offer(round, offers.get(i), last, hold, answers));
        }
    }

    /** The round's fresh candidates are known: each shard keeps those up to {@code lastSeq}. */
    void keep(long round, long lastSeq) {
        shards.forEach(shard -> shard.tell(new FrontierShardEntity.Keep(round, lastSeq, answers)));
    }

    void close() {
        shards.forEach(shard -> shard.tell(new FrontierShardEntity.Close()));
    }
}
