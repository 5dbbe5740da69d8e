package lasso.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One job's search in one thread: a {@link PartitionedSearch} with its {@link FrontierShard}s at
 * hand, driven round by round by a caller that fetches candidates and evaluates them (the synchronous
 * {@link SearchRunner}):
 *
 * <pre>
 *   while ((round = search.next()).isPresent()) {
 *       admitted = search.admit(round, proposalOf(round.propose()), editsOf(round.expand()));
 *       for each admitted candidate: search.record(candidate, evaluate(candidate));
 *       search.endRound();
 *   }
 * </pre>
 *
 * The runtime runs the same {@link PartitionedSearch} with its shards spread over the cluster; the
 * outcome depends only on the admission order, never on the number of shards or on which executor
 * answers first, so both find the same program with the same counts.
 *
 * @param <P> a program, compared with {@code equals} (the runtime uses canonical token lists)
 */
public final class Search<P> {

    private final PartitionedSearch<P> search;
    private final List<FrontierShard<P>> shards = new ArrayList<>();
    private boolean admitted;

    private Search(PartitionedSearch<P> search, LongSupplier heldPerShard) {
        this.search = search;
        for (int i = 0; i < search.shards(); i++) {
            shards.add(new FrontierShard<>(search.settings().strategy(), search.settings().expansionsPerRound(),
                    SeenPrograms.exact(), UnaryOperator.identity(), heldPerShard));
        }
    }

    /**
     * A search over {@code shards} shards (programs split by {@code hashCode}); the deadline counts
     * from {@code startNanos} on {@code nanoClock}.
     */
    public static <P> Search<P> create(SearchSettings settings, int shards, LongSupplier nanoClock, long startNanos) {
        return create(settings, shards, nanoClock, startNanos, () -> Long.MAX_VALUE);
    }

    /**
     * A search whose shards may each hold at most {@code heldPerShard} programs: one that holds as many
     * ends the search with {@link StopReason#MEMORY_BUDGET} after the round.
     */
    public static <P> Search<P> create(SearchSettings settings, int shards, LongSupplier nanoClock, long startNanos,
                                       LongSupplier heldPerShard) {
        return new Search<>(new PartitionedSearch<>(settings, shards, Object::hashCode, nanoClock, startNanos),
                heldPerShard);
    }

    public static <P> Search<P> create(SearchSettings settings, LongSupplier nanoClock, long startNanos) {
        return create(settings, 1, nanoClock, startNanos);
    }

    public static <P> Search<P> create(SearchSettings settings) {
        return create(settings, System::nanoTime, System.nanoTime());
    }

    /** The next round, or empty once the search has stopped ({@link #stopReason()} says why). */
    public Optional<Round<P>> next() {
        Optional<Round<P>> round = search.next();
        round.ifPresent(r -> r.expand().forEach(e -> shards.get(e.shard()).take(e.parent())));
        admitted = false;
        return round;
    }

    /**
     * Takes the round's candidates: those not seen before, up to the evaluation budget, are returned
     * in admission order for evaluation; each must then be {@link #record recorded}.
     *
     * @param proposal the synthesizer's batch (null if the round asked for none)
     * @param edits    the debugger's edits of each of {@code round.expand()} (empty if none was asked)
     */
    public List<Admitted<P>> admit(Round<P> round, Proposal<P> proposal, List<List<Candidate<P>>> edits) {
        if (admitted) {
            throw new IllegalStateException("admit once per round, after next()");
        }
        admitted = true;
        PartitionedSearch.Routed<P> proposed = search.routeProposal(round, proposal);
        PartitionedSearch.Routed<P> edited = search.routeEdits(round, edits);
        List<List<Admitted<P>>> fresh = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            shards.get(i).offer(round.number(), proposed.offers().get(i), false);
            shards.get(i).offer(round.number(), edited.offers().get(i), true);
            fresh.add(shards.get(i).fresh());
        }
        long last = search.lastSeq(fresh);
        List<Admitted<P>> kept = new ArrayList<>();
        for (FrontierShard<P> shard : shards) {
            kept.addAll(shard.keep(last));
        }
        kept.sort(Comparator.comparingLong(Admitted::seq));
        return kept;
    }

    /** The results of one admitted candidate of the current round, in any order. */
    public void record(Admitted<P> candidate, Evaluation evaluation) {
        if (!shards.get(search.owner(candidate.program())).record(candidate.seq(), evaluation)) {
            throw new IllegalStateException("record only the candidates admitted in this round, once each");
        }
    }

    /** Ends the round once every admitted candidate is recorded. */
    public void endRound() {
        if (!admitted) {
            throw new IllegalStateException("end a round after admitting its candidates");
        }
        for (int i = 0; i < shards.size(); i++) {
            search.reported(i, shards.get(i).endRound());
        }
        search.endRound();
    }

    /** Stops the search from outside; results still pending are ignored, the first reason kept. */
    public void stop(StopReason reason) {
        search.stop(reason);
    }

    public boolean stopped() {
        return search.stopped();
    }

    public StopReason stopReason() {
        return search.stopReason();
    }

    public Optional<Evaluated<P>> solution() {
        return search.solution();
    }

    public Optional<Evaluated<P>> best() {
        return search.best();
    }

    public boolean proposerExhausted() {
        return search.proposerExhausted();
    }

    public long rounds() {
        return search.rounds();
    }

    public long proposed() {
        return search.proposed();
    }

    public long evaluated() {
        return search.evaluated();
    }

    public long expansions() {
        return search.expansions();
    }

    /** Distinct programs the shards hold (their seen sets). */
    public long held() {
        return search.held();
    }

    /** Programs waiting to be expanded, over all shards. */
    public int frontierSize() {
        return shards.stream().mapToInt(FrontierShard::frontierSize).sum();
    }

    public SearchSettings searchSettings() {
        return search.settings();
    }
}
