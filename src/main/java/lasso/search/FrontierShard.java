package lasso.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The part of one job's search that one hash range of programs owns (see {@link PartitionedSearch}):
 * the programs of the range seen so far, so that none is evaluated or expanded twice, and, for
 * best-first, the range's share of the frontier. Each round it takes the candidates routed to it,
 * keeps the new ones (up to the job's evaluation budget, which the search decides), receives their
 * evaluations in any order and, at the round's end, reports what the search needs to plan the next.
 *
 * <p>What it holds grows with every program the job evaluates, so it keeps of each only what it
 * needs: the seen set may hold fingerprints ({@link SeenPrograms}), the frontier each program in the
 * form an expansion needs ({@code frontierForm}, e.g. without a parsed form that is made again), and it
 * reports how many it holds against its share of its node's bound, which ends the job when reached.
 */
public final class FrontierShard<P> {

    private final Strategy strategy;
    private final int tops;
    private final SeenPrograms<P> seen;
    private final UnaryOperator<P> frontierForm;
    private final LongSupplier share;
    private final PriorityQueue<Evaluated<P>> frontier = new PriorityQueue<>(Evaluated.bestFirst());
    private final Map<Long, Admitted<P>> pending = new HashMap<>();
    private final List<Evaluated<P>> evaluated = new ArrayList<>();
    private List<Admitted<P>> admitted = new ArrayList<>();
    private long round = -1;
    /** Whether the round's last part was offered. */
    private boolean complete = true;
    /** Whether the round ended ({@link #endRound}), so that it is reported once. */
    private boolean ended;
    /** How many of the round's fresh candidates {@link #keep} has looked at, and how many it dropped. */
    private int kept;
    private int dropped;

    /**
     * @param tops how many of its best programs the shard reports each round (the search's
     *             expansions per round: the job's best {@code tops} are among the shards' best {@code tops})
     */
    public FrontierShard(Strategy strategy, int tops) {
        this(strategy, tops, SeenPrograms.exact(), UnaryOperator.identity(), () -> Long.MAX_VALUE);
    }

    /**
     * @param seen  the seen set
     * @param frontierForm the form in which an evaluated program is kept (in the frontier, as best or answer)
     * @param share the most programs the shard may hold now (it changes as jobs come and go)
     */
    public FrontierShard(Strategy strategy, int tops, SeenPrograms<P> seen, UnaryOperator<P> frontierForm, LongSupplier share) {
        this.strategy = strategy;
        this.tops = tops;
        this.seen = seen;
        this.frontierForm = frontierForm;
        this.share = share;
    }

    /**
     * Takes candidates of a round routed to this shard, in the search's order (a round comes in parts:
     * the synthesizer's, then the edits, {@code last}), and returns those the job has not seen (the
     * first of equal programs); until {@link #keep} they are only reserved.
     */
    public List<Admitted<P>> offer(long round, List<Admitted<P>> candidates, boolean last) {
        if (round != this.round) {
            if (round < this.round || (this.round >= 0 && !roundComplete())) {
                throw new IllegalStateException("round " + round + " offered while round " + this.round + " goes on");
            }
            this.round = round;
            ended = false;
            evaluated.clear();
            admitted = new ArrayList<>();
            kept = 0;
        } else if (complete) {
            throw new IllegalStateException("round " + round + " was offered in full already");
        }
        complete = last;
        List<Admitted<P>> fresh = new ArrayList<>();
        for (Admitted<P> candidate : candidates) {
            if (seen.add(candidate.program())) {
                fresh.add(candidate);
            }
        }
        admitted.addAll(fresh);
        return fresh;
    }

    /**
     * Keeps the fresh candidates offered since the last call up to {@code lastSeq}, where the job's
     * evaluation budget ends (the rest are never evaluated: the search stops after this round), and
     * returns them for evaluation.
     */
    public List<Admitted<P>> keep(long lastSeq) {
        List<Admitted<P>> keep = new ArrayList<>();
        for (Admitted<P> candidate : admitted.subList(kept, admitted.size())) {
            if (candidate.seq() <= lastSeq) {
                keep.add(candidate);
                pending.put(candidate.seq(), candidate);
            }
        }
        dropped += admitted.size() - kept - keep.size();
        kept = admitted.size();
        return keep;
    }

    /** Fresh candidates of the round offered so far. */
    public List<Admitted<P>> fresh() {
        return List.copyOf(admitted);
    }

    /** The evaluation of a kept candidate, in any order; a repeated or unknown one is ignored. */
    public boolean record(long seq, Evaluation evaluation) {
        Admitted<P> candidate = pending.remove(seq);
        if (candidate == null) {
            return false;
        }
        evaluated.add(new Evaluated<>(candidate.withProgram(frontierForm), evaluation));
        return true;
    }

    /** Whether the round was offered in full, kept and every kept candidate has its evaluation. */
    public boolean roundComplete() {
        return complete && kept == admitted.size() && pending.isEmpty();
    }

    /**
     * Whether a part of {@code round} was offered before: the round is over, or it was offered in
     * full (a part a coordinator sent again, which {@link #offer} must not see twice).
     */
    public boolean offeredBefore(long round) {
        return round < this.round || round == this.round && complete;
    }

    /** Whether {@code round} is this shard's round and was offered in full: what it may {@link #keep}. */
    public boolean offeredInFull(long round) {
        return round == this.round && complete;
    }

    /** Whether the round is complete and not yet ended: its report is due, once. */
    public boolean reportDue() {
        return round >= 0 && !ended && roundComplete();
    }

    /** Kept candidates still waiting for their evaluation. */
    public int waiting() {
        return pending.size();
    }

    /** Ends the round: valid programs join the frontier; the report sums the round up. */
    public ShardReport<P> endRound() {
        if (!roundComplete()) {
            throw new IllegalStateException("round " + round + " has " + pending.size() + " evaluations missing");
        }
        Evaluated<P> best = null;
        Evaluated<P> solution = null;
        for (Evaluated<P> e : evaluated) {
            if (!e.evaluation().valid()) {
                continue;
            }
            if (best == null || Evaluated.<P>bestFirst().compare(e, best) < 0) {
                best = e;
            }
            if (e.evaluation().solves() && (solution == null || e.candidate().seq() < solution.candidate().seq())) {
                solution = e;
            }
            if (strategy == Strategy.BEST_FIRST) {
                frontier.add(e);
            }
        }
        List<Evaluated<P>> top = new ArrayList<>(tops);
        if (strategy == Strategy.BEST_FIRST) {
            List<Evaluated<P>> polled = new ArrayList<>(tops);
            while (polled.size() < tops && !frontier.isEmpty()) {
                polled.add(frontier.poll());
            }
            frontier.addAll(polled);
            top = polled;
        }
        ShardReport<P> report = new ShardReport<>(round, admitted.size() - dropped, best, solution, top, seen.size(),
                share.getAsLong());
        evaluated.clear();
        admitted = new ArrayList<>();
        kept = 0;
        dropped = 0;
        ended = true;
        return report;
    }

    /** Removes a program the search chose to expand from the frontier (greedy's are not in it). */
    public void take(Evaluated<P> parent) {
        frontier.remove(parent);
    }

    public int frontierSize() {
        return frontier.size();
    }

    /** Distinct programs this shard has seen. */
    public int seen() {
        return seen.size();
    }
}
