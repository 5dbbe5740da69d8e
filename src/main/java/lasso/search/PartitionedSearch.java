package lasso.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * One job's search with its programs split over {@code S} {@link FrontierShard}s by a hash of each
 * program (HDA*-style): each shard keeps the seen-set and the frontier of its hash range, so nothing
 * is evaluated or expanded twice wherever the shards live; this class is what stays with the job:
 * the budgets (expansions, evaluated programs, a deadline), the round plans, the numbering of
 * candidates, the best program and the answer. A round runs as
 *
 * <pre>
 *   round = search.next()                                   // propose? which programs to expand
 *   a = search.routeProposal(round, proposal)               // numbered, split by owner
 *   shard_i.offer(round.number(), a.offers(i), false)       // meanwhile the shards expand round.expand()
 *   b = search.routeEdits(round, edits)
 *   shard_i.offer(round.number(), b.offers(i), true)        // the round's last part
 *   shard_i.keep(search.lastSeq(fresh))                     // fresh: the offers' answers; the budget's cut
 *   shard_i.record(...) for each kept candidate, in any order
 *   search.reported(i, shard_i.endRound()) for every shard;  search.endRound()
 * </pre>
 *
 * (when the budget cannot end inside the round, {@code !mayCut()}, a shard keeps and evaluates each
 * part's fresh candidates at once, without waiting for the other shards). A candidate's number is its
 * source (the synthesizer, then each expansion in order) and its place there, so the admission order,
 * and with it the whole search, is the same for every number of shards and every hash: a job gives
 * the same answer in one thread with one shard ({@link Search}) as over a cluster.
 *
 * <p>Strategies: best-first expands the {@code expansionsPerRound} best programs of the whole
 * frontier (the shards report their best few; with one a round this is SED's Algorithm 1), greedy the
 * best new program of the last round (restarting from the synthesizer when there is none), beam none.
 */
public final class PartitionedSearch<P> {

    /** Sources per round (the synthesizer, then up to 4095 expansions) and candidates per source. */
    private static final int SOURCE_BITS = 12;
    private static final int INDEX_BITS = 20;

    /** A round's candidates numbered and split by shard; {@code mayCut}: the budget may end inside it. */
    public record Routed<P>(List<List<Admitted<P>>> offers, boolean mayCut) {
    }

    private final SearchSettings settings;
    private final int shards;
    private final ToIntFunction<P> hash;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Comparator<Evaluated<P>> order = Evaluated.bestFirst();
    private final List<List<Evaluated<P>>> tops = new ArrayList<>();
    private final boolean[] reported;
    private final long[] held;

    /** What of the current round has been routed: nothing yet, the synthesizer's part, or all. */
    private enum Part { NONE, PROPOSAL, EDITS }

    private Round<P> round;
    private Part routed = Part.NONE;
    private boolean mayCut;
    private long rounds;
    private long proposed;
    private long evaluated;
    private long expansions;
    private boolean proposerExhausted;
    private Evaluated<P> roundBest;
    private Evaluated<P> current;
    private Evaluated<P> best;
    private Evaluated<P> solution;
    /** The first report of a shard at its share of programs held, once one came. */
    private ShardReport<P> full;
    private StopReason stopped;

    /**
     * @param hash       a program's hash; the shard that owns it is this modulo {@code shards}
     * @param startNanos the job's start on {@code nanoClock}, from which the deadline counts
     */
    public PartitionedSearch(SearchSettings settings, int shards, ToIntFunction<P> hash, LongSupplier nanoClock,
                             long startNanos) {
        if (shards < 1) {
            throw new IllegalArgumentException("a search needs at least one shard, not " + shards);
        }
        if (Math.max(settings.batchSize(), settings.editsPerExpansion()) >= 1 << INDEX_BITS
                || settings.expansionsPerRound() >= 1 << SOURCE_BITS) {
            throw new IllegalArgumentException("batch_size and edits_per_expansion must be below " + (1 << INDEX_BITS)
                    + ", expansions_per_round below " + (1 << SOURCE_BITS));
        }
        this.settings = settings;
        this.shards = shards;
        this.hash = hash;
        this.nanoClock = nanoClock;
        this.startNanos = startNanos;
        this.reported = new boolean[shards];
        this.held = new long[shards];
        for (int i = 0; i < shards; i++) {
            tops.add(List.of());
        }
    }

    /** The shard that owns {@code program}. */
    public int owner(P program) {
        return Math.floorMod(hash.applyAsInt(program), shards);
    }

    public int shards() {
        return shards;
    }

    /**
     * The next round, or empty once the search has stopped ({@link #stopReason()} says why): an
     * answer was found, a budget or the deadline ran out, nothing is left to try, or it was stopped.
     */
    public Optional<Round<P>> next() {
        if (round != null) {
            throw new IllegalStateException("the previous round has not ended");
        }
        if (stopped == null) {
            if (solution != null) {
                stopped = StopReason.FOUND;
            } else if (nanoClock.getAsLong() - startNanos >= settings.deadlineNanos()) {
                stopped = StopReason.DEADLINE;
            } else if (evaluated >= settings.maxEvaluated()) {
                stopped = StopReason.EVALUATION_BUDGET;
            } else if (full != null) {
                stopped = StopReason.MEMORY_BUDGET;
            }
        }
        if (stopped != null) {
            return Optional.empty();
        }
        round = plan();
        if (round == null) {
            return Optional.empty();
        }
        routed = Part.NONE;
        Arrays.fill(reported, false);
        rounds++;
        return Optional.of(round);
    }

    private Round<P> plan() {
        int batch = proposerExhausted ? 0 : settings.batchSize();
        return switch (settings.strategy()) {
            case BEAM -> batch == 0 ? stopWith(StopReason.EXHAUSTED) : new Round<>(rounds, batch, List.of());
            case GREEDY -> {
                if (current == null) {
                    yield batch == 0 ? stopWith(StopReason.EXHAUSTED) : new Round<>(rounds, batch, List.of());
                }
                if (expansions >= settings.maxExpansions()) {
                    yield stopWith(StopReason.EXPANSION_BUDGET);
                }
                Expansion<P> expand = new Expansion<>(owner(current.program()), expansions, current);
                current = null;
                yield new Round<>(rounds, 0, List.of(expand));
            }
            case BEST_FIRST -> {
                if (rounds == 0) {
                    yield new Round<>(rounds, batch, List.of());
                }
                if (expansions >= settings.maxExpansions()) {
                    yield stopWith(StopReason.EXPANSION_BUDGET);
                }
                List<Expansion<P>> expand = bestOfFrontier(
                        (int) Math.min(settings.expansionsPerRound(), settings.maxExpansions() - expansions));
                yield batch == 0 && expand.isEmpty() ? stopWith(StopReason.EXHAUSTED)
                        : new Round<>(rounds, batch, expand);
            }
        };
    }

    /** The {@code count} best programs of the whole frontier: the best of the shards' best. */
    private List<Expansion<P>> bestOfFrontier(int count) {
        List<Expansion<P>> all = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            for (Evaluated<P> top : tops.get(shard)) {
                all.add(new Expansion<>(shard, 0, top));
            }
        }
        all.sort(Comparator.comparing(Expansion::parent, order));
        List<Expansion<P>> chosen = new ArrayList<>(count);
        for (Expansion<P> e : all.subList(0, Math.min(count, all.size()))) {
            chosen.add(new Expansion<>(e.shard(), expansions + chosen.size(), e.parent()));
        }
        return chosen;
    }

    private Round<P> stopWith(StopReason reason) {
        stopped = reason;
        return null;
    }

    /**
     * Numbers the synthesizer's candidates of the round (the first in admission order) and splits them
     * by the shard that owns each; a caller may send them to the shards before the round's edits are
     * in, so that they are evaluated while the debuggers work. {@code mayCut} is decided here, for the
     * whole round, from the most edits the round can bring.
     *
     * @param proposal the synthesizer's batch (null if the round asked for none)
     */
    public Routed<P> routeProposal(Round<P> round, Proposal<P> proposal) {
        if (round != this.round || routed != Part.NONE) {
            throw new IllegalStateException("route a round's proposal once, after next()");
        }
        routed = Part.PROPOSAL;
        List<List<Admitted<P>>> offers = emptyOffers();
        int count = 0;
        if (proposal != null) {
            proposerExhausted |= proposal.exhausted();
            count = number(0, proposal.candidates(), false, offers);
        }
        proposed += count;
        mayCut = evaluated + count + (long) round.expand().size() * settings.editsPerExpansion()
                > settings.maxEvaluated();
        return new Routed<>(offers, mayCut);
    }

    /**
     * Numbers the debugger's edits of the round (after the synthesizer's candidates, each expansion's
     * in the round's order) and splits them by the shard that owns each.
     *
     * @param edits the edits of each of {@code round.expand()}, in order (empty lists for none)
     */
    public Routed<P> routeEdits(Round<P> round, List<List<Candidate<P>>> edits) {
        if (round != this.round || routed != Part.PROPOSAL) {
            throw new IllegalStateException("route a round's edits once, after its proposal");
        }
        if (edits.size() != round.expand().size()) {
            throw new IllegalArgumentException(edits.size() + " lists of edits for " + round.expand().size()
                    + " expansions");
        }
        routed = Part.EDITS;
        List<List<Admitted<P>>> offers = emptyOffers();
        expansions += round.expand().size();
        for (int slot = 0; slot < edits.size(); slot++) {
            if (edits.get(slot).size() > settings.editsPerExpansion()) {
                throw new IllegalArgumentException(edits.get(slot).size() + " edits for at most "
                        + settings.editsPerExpansion());
            }
            proposed += number(slot + 1, edits.get(slot), true, offers);
        }
        return new Routed<>(offers, mayCut);
    }

    private List<List<Admitted<P>>> emptyOffers() {
        List<List<Admitted<P>>> offers = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            offers.add(new ArrayList<>());
        }
        return offers;
    }

    private int number(int source, List<Candidate<P>> candidates, boolean fromEditor,
                       List<List<Admitted<P>>> offers) {
        if (candidates.size() >= 1 << INDEX_BITS) {
            throw new IllegalArgumentException(candidates.size() + " candidates from one source in one round");
        }
        long base = (round.number() << (SOURCE_BITS + INDEX_BITS)) | ((long) source << INDEX_BITS);
        for (int i = 0; i < candidates.size(); i++) {
            Candidate<P> candidate = candidates.get(i);
            offers.get(owner(candidate.program()))
                    .add(new Admitted<>(base | i, candidate.program(), candidate.score(), fromEditor));
        }
        return candidates.size();
    }

    /**
     * The number of the last candidate to evaluate this round, given each shard's fresh ones: all of
     * them ({@link Long#MAX_VALUE}) unless the evaluation budget ends among them.
     */
    public long lastSeq(List<List<Admitted<P>>> fresh) {
        long left = settings.maxEvaluated() - evaluated;
        List<Long> seqs = new ArrayList<>();
        for (List<Admitted<P>> shard : fresh) {
            for (Admitted<P> candidate : shard) {
                seqs.add(candidate.seq());
            }
        }
        if (seqs.size() <= left) {
            return Long.MAX_VALUE;
        }
        seqs.sort(null);
        return left <= 0 ? -1 : seqs.get((int) left - 1);
    }

    /** A shard's report on the current round. */
    public void reported(int shard, ShardReport<P> report) {
        if (round == null || routed != Part.EDITS || report.round() != round.number() || reported[shard]) {
            throw new IllegalStateException("shard " + shard + " reported round " + report.round()
                    + " out of turn");
        }
        reported[shard] = true;
        evaluated += report.admitted();
        held[shard] = report.held();
        if (full == null && report.full()) {
            full = report;
        }
        tops.set(shard, report.tops());
        roundBest = better(roundBest, report.best());
        best = better(best, report.best());
        if (report.solution() != null
                && (solution == null || report.solution().candidate().seq() < solution.candidate().seq())) {
            solution = report.solution();
        }
    }

    private Evaluated<P> better(Evaluated<P> a, Evaluated<P> b) {
        return a == null || (b != null && order.compare(b, a) < 0) ? b : a;
    }

    /** Whether every shard has reported the current round. */
    public boolean allReported() {
        for (boolean r : reported) {
            if (!r) {
                return false;
            }
        }
        return true;
    }

    /** Ends the round once every shard has reported it. */
    public void endRound() {
        if (round == null || routed != Part.EDITS || !allReported()) {
            throw new IllegalStateException("end a round after every shard reported it");
        }
        current = roundBest;
        roundBest = null;
        round = null;
    }

    /**
     * Stops the search from outside (cancel, a deadline timer, a failed part); the current round is
     * dropped and a search already stopped keeps its first reason.
     */
    public void stop(StopReason reason) {
        if (stopped == null) {
            stopped = reason;
        }
        round = null;
    }

    /** The round in progress, if any. */
    public Optional<Round<P>> current() {
        return Optional.ofNullable(round);
    }

    public boolean stopped() {
        return stopped != null;
    }

    /** Why the search stopped; null while it runs. */
    public StopReason stopReason() {
        return stopped;
    }

    /** The first (in admission order) program of the earliest round that passes every given example. */
    public Optional<Evaluated<P>> solution() {
        return Optional.ofNullable(solution);
    }

    /** The best valid program evaluated so far, in the frontier's order. */
    public Optional<Evaluated<P>> best() {
        return Optional.ofNullable(solution != null ? solution : best);
    }

    public boolean proposerExhausted() {
        return proposerExhausted;
    }

    public long rounds() {
        return rounds;
    }

    /** Candidates received, duplicates included. */
    public long proposed() {
        return proposed;
    }

    /** Distinct programs evaluated, as the shards reported them. */
    public long evaluated() {
        return evaluated;
    }

    public long expansions() {
        return expansions;
    }

    /** Distinct programs the shards hold, as they last reported. */
    public long held() {
        return Arrays.stream(held).sum();
    }

    /** The share of programs held that the first full shard reached (it stopped the search with {@link StopReason#MEMORY_BUDGET}). */
    public OptionalLong fullShare() {
        return full == null ? OptionalLong.empty() : OptionalLong.of(full.share());
    }

    public SearchSettings settings() {
        return settings;
    }
}
