package lasso.search;

/**
 * A program a round expands with the debugger.
 *
 * @param shard  the {@link FrontierShard} that owns the program
 * @param index  the job's count of expansions before this one; the debugger's seed is
 *               {@code Seeds.mix(seed, index)}, so the edits do not depend on where they are made
 * @param parent the program and its evaluation
 */
public record Expansion<P>(int shard, long index, Evaluated<P> parent) {
}
