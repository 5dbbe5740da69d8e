package lasso.search;

import java.util.List;

/**
 * What a {@link FrontierShard} tells the search at the end of a round.
 *
 * @param admitted  candidates it evaluated this round
 * @param best      its best valid program of the round (null if none)
 * @param solution  its earliest program of the round that passes every given example (null if none)
 * @param tops      its frontier's best programs after the round, best first (best-first only)
 */
public record ShardReport<P>(long round, int admitted, Evaluated<P> best, Evaluated<P> solution,
                             List<Evaluated<P>> tops) {

    public ShardReport {
        tops = List.copyOf(tops);
    }
}
