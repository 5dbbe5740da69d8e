package lasso.search;

import java.util.List;

/**
 * What a {@link FrontierShard} tells the search at the end of a round.
 *
 * @param admitted  candidates it evaluated this round
 * @param best      its best valid program of the round (null if none)
 * @param solution  its earliest program of the round that passes every given example (null if none)
 * @param tops      its frontier's best programs after the round, best first (best-first only)
 * @param held      distinct programs it holds (its seen set; its frontier is part of it)
 * @param share     the most programs it may hold, its share of its node's bound ({@link Long#MAX_VALUE}: none)
 */
public record ShardReport<P>(long round, int admitted, Evaluated<P> best, Evaluated<P> solution,
                             List<Evaluated<P>> tops, long held, long share) {

    public ShardReport {
        tops = List.copyOf(tops);
    }

    /** Whether the shard holds its share of programs or more: the job must end. */
    public boolean full() {
        return held >= share;
    }
}
