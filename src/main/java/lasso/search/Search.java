package lasso.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The state of one job's search, driven round by round by a caller that fetches candidates and
 * evaluates them (the synchronous {@link SearchRunner}, or the runtime's job coordinator with its
 * synthesizer, executor and debugger actors):
 *
 * <pre>
 *   while ((round = search.next()).isPresent()) {
 *       admitted = search.admit(round, proposalOf(round.propose()), editsOf(round.expand()));
 *       for each admitted candidate: search.record(candidate, evaluate(candidate));
 *       search.endRound();
 *   }
 * </pre>
 *
 * Shared by every strategy: a seen-set on programs (equal programs are one program, so nothing is
 * evaluated or expanded twice), the budgets (expansions, evaluated programs, a deadline), success
 * when a program passes every given example, and the best program so far. Records may arrive in any
 * order; the outcome depends only on the admission order, so a search is deterministic for
 * deterministic proposers whatever the executors' timing.
 *
 * @param <P> a program, compared with {@code equals} (the runtime uses canonical token lists)
 */
public abstract sealed class Search<P> permits BestFirstSearch, BeamSearch, GreedySearch {

    private final SearchSettings settings;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Set<P> seen = new HashSet<>();
    private final List<Evaluated<P>> round = new ArrayList<>();
    private final Comparator<Evaluated<P>> order = Evaluated.bestFirst();

    private long nextSeq;
    private long rounds;
    private long proposed;
    private long expansions;
    private boolean proposerExhausted;
    private int pending;
    private boolean inRound;
    private Evaluated<P> solution;
    private Evaluated<P> best;
    private StopReason stopped;

    /**
     * @param startNanos the job's start on {@code nanoClock}, from which the deadline counts
     */
    protected Search(SearchSettings settings, LongSupplier nanoClock, long startNanos) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.startNanos = startNanos;
    }

    /** A search of the settings' strategy. */
    public static <P> Search<P> create(SearchSettings settings, LongSupplier nanoClock, long startNanos) {
        return switch (settings.strategy()) {
            case BEST_FIRST -> new BestFirstSearch<>(settings, nanoClock, startNanos);
            case BEAM -> new BeamSearch<>(settings, nanoClock, startNanos);
            case GREEDY -> new GreedySearch<>(settings, nanoClock, startNanos);
        };
    }

    public static <P> Search<P> create(SearchSettings settings) {
        return create(settings, System::nanoTime, System.nanoTime());
    }

    /**
     * The next round, or empty once the search has stopped ({@link #stopReason()} says why): an
     * answer was found, a budget or the deadline ran out, nothing is left to try, or it was cancelled.
     */
    public final Optional<Round<P>> next() {
        if (inRound) {
            throw new IllegalStateException("the previous round has not ended");
        }
        if (stopped == null) {
            if (solution != null) {
                stopped = StopReason.FOUND;
            } else if (nanoClock.getAsLong() - startNanos >= settings.deadlineNanos()) {
                stopped = StopReason.DEADLINE;
            } else if (nextSeq >= settings.maxEvaluated()) {
                stopped = StopReason.EVALUATION_BUDGET;
            }
        }
        if (stopped != null) {
            return Optional.empty();
        }
        Round<P> planned = plan();
        if (planned == null) {
            return Optional.empty();
        }
        inRound = true;
        rounds++;
        return Optional.of(planned);
    }

    /**
     * Takes the round's candidates: those not seen before, up to the evaluation budget, are numbered
     * and returned for evaluation; each must then be {@link #record recorded}.
     *
     * @param proposal the synthesizer's batch (null if the round asked for none)
     * @param edits    the debugger's edits of {@code round.expand()} (empty if none was asked)
     */
    public final List<Admitted<P>> admit(Round<P> round, Proposal<P> proposal, List<Candidate<P>> edits) {
        if (!inRound || pending != 0) {
            throw new IllegalStateException("admit once per round, after next()");
        }
        List<Admitted<P>> admitted = new ArrayList<>();
        if (proposal != null) {
            proposerExhausted |= proposal.exhausted();
            admit(proposal.candidates(), false, admitted);
        }
        if (round.expand() != null) {
            expansions++;
            admit(edits, true, admitted);
        }
        pending = admitted.size();
        return admitted;
    }

    private void admit(List<Candidate<P>> candidates, boolean fromEditor, List<Admitted<P>> admitted) {
        for (Candidate<P> candidate : candidates) {
            proposed++;
            if (nextSeq < settings.maxEvaluated() && seen.add(candidate.program())) {
                admitted.add(new Admitted<>(nextSeq++, candidate.program(), candidate.score(), fromEditor));
            }
        }
    }

    /** The results of one admitted candidate of the current round, in any order. */
    public final void record(Admitted<P> candidate, Evaluation evaluation) {
        if (!inRound || pending <= 0) {
            throw new IllegalStateException("record only the candidates admitted in this round");
        }
        pending--;
        Evaluated<P> evaluated = new Evaluated<>(candidate, evaluation);
        round.add(evaluated);
        if (!evaluation.valid()) {
            return;
        }
        if (best == null || order.compare(evaluated, best) < 0) {
            best = evaluated;
        }
        if (evaluation.solves() && (solution == null || candidate.seq() < solution.candidate().seq())) {
            solution = evaluated;
        }
    }

    /** Ends the round once every admitted candidate is recorded. */
    public final void endRound() {
        if (!inRound || pending != 0) {
            throw new IllegalStateException("end a round after recording all " + pending + " pending candidates");
        }
        round.sort(Comparator.comparingLong(e -> e.candidate().seq()));
        roundEvaluated(List.copyOf(round));
        round.clear();
        inRound = false;
    }

    /**
     * Stops the search from outside (cancel, a deadline timer, a failed part). Results still
     * pending are ignored; a search already stopped keeps its first reason.
     */
    public final void stop(StopReason reason) {
        if (stopped == null) {
            stopped = reason;
        }
        inRound = false;
        pending = 0;
        round.clear();
    }

    /** Plans the next round, or calls {@link #stopWith} and returns null when there is nothing to do. */
    protected abstract Round<P> plan();

    /** The evaluated candidates of the round that just ended, in admission order. */
    protected abstract void roundEvaluated(List<Evaluated<P>> evaluated);

    protected final Round<P> stopWith(StopReason reason) {
        stopped = reason;
        return null;
    }

    protected final SearchSettings settings() {
        return settings;
    }

    protected final boolean expansionsLeft() {
        return expansions < settings.maxExpansions();
    }

    protected final boolean firstRound() {
        return rounds == 0;
    }

    public final boolean proposerExhausted() {
        return proposerExhausted;
    }

    public final boolean stopped() {
        return stopped != null;
    }

    /** Why the search stopped; null while it runs. */
    public final StopReason stopReason() {
        return stopped;
    }

    /** The first (in admission order) program of the earliest round that passes every given example. */
    public final Optional<Evaluated<P>> solution() {
        return Optional.ofNullable(solution);
    }

    /** The best valid program evaluated so far, in the frontier's order. */
    public final Optional<Evaluated<P>> best() {
        return Optional.ofNullable(solution != null ? solution : best);
    }

    public final long rounds() {
        return rounds;
    }

    /** Candidates received, duplicates included. */
    public final long proposed() {
        return proposed;
    }

    /** Distinct programs admitted for evaluation. */
    public final long evaluated() {
        return nextSeq;
    }

    public final long expansions() {
        return expansions;
    }

    public final SearchSettings searchSettings() {
        return settings;
    }
}
