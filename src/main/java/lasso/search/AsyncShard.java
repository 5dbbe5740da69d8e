package lasso.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * One hash range of a best-first job's programs searched on its own, without rounds (HDA*): it
 * dedups the candidates routed to it (so none is evaluated twice, whichever shard or synthesizer
 * made it), evaluates the new ones as far as its evaluation credit goes, keeps the valid ones in its
 * part of the frontier and expands its own best ones as far as its expansion credit goes, at most
 * {@code concurrency} at once; the edits go straight to the shards that own them. Credit comes from
 * the job ({@link AsyncSearch}), which keeps the budgets of the whole job; a shard asks for what it
 * needs, with some headroom, and gives back what it holds when it has nothing to spend it on.
 * Like {@link FrontierShard}, it keeps of each program only what it needs and tells the job how many it
 * holds against its share of its node's bound.
 */
public final class AsyncShard<P> {

    private final int index;
    private final int shards;
    private final int concurrency;
    private final int headroom;
    private final ToIntFunction<P> hash;
    private final SeenPrograms<P> seen;
    private final UnaryOperator<P> frontierForm;
    private final LongSupplier share;
    private final PriorityQueue<Evaluated<P>> frontier = new PriorityQueue<>(Evaluated.bestFirst());
    private final ArrayDeque<Admitted<P>> waiting = new ArrayDeque<>();
    private final Map<Long, Admitted<P>> pending = new HashMap<>();
    private final long[] sentTo;
    private long admissions;
    private long evaluationCredit;
    private long expansionCredit;
    private long evaluationsAsked;
    private long expansionsAsked;
    private long askEvaluations;
    private long askExpansions;
    private long returnedEvaluations;
    private long returnedExpansions;
    private int expanding;
    private long received;
    private long grants;
    private long evaluated;
    private long expansions;
    private long proposed;
    private long fromSynthesizer;
    private Evaluated<P> best;
    private Evaluated<P> solution;

    /**
     * @param hash        a program's hash; its owner is this modulo {@code shards} (as {@link PartitionedSearch})
     * @param concurrency programs this shard expands at once
     * @param headroom    evaluation credit asked for beyond what is waiting, so that candidates arriving
     *                    meanwhile are evaluated without waiting for the job's answer
     */
    public AsyncShard(int index, int shards, int concurrency, int headroom, ToIntFunction<P> hash) {
        this(index, shards, concurrency, headroom, hash, SeenPrograms.exact(), UnaryOperator.identity(),
                () -> Long.MAX_VALUE);
    }

    /**
     * @param seen  the seen set
     * @param frontierForm the form in which an evaluated program is kept (in the frontier, as best or answer)
     * @param share the most programs the shard may hold now (it changes as jobs come and go)
     */
    public AsyncShard(int index, int shards, int concurrency, int headroom, ToIntFunction<P> hash,
                      SeenPrograms<P> seen, UnaryOperator<P> frontierForm, LongSupplier share) {
        if (index < 0 || index >= shards || concurrency < 1 || headroom < 0) {
            throw new IllegalArgumentException("shard " + index + " of " + shards + ", concurrency " + concurrency
                    + ", headroom " + headroom);
        }
        this.index = index;
        this.shards = shards;
        this.concurrency = concurrency;
        this.headroom = headroom;
        this.hash = hash;
        this.seen = seen;
        this.frontierForm = frontierForm;
        this.share = share;
        this.sentTo = new long[shards];
    }

    /** Programs each shard expands at once so that the job expands about {@code perRound} at once. */
    public static int concurrency(int perRound, int shards) {
        return Math.max(1, (perRound + shards - 1) / shards);
    }

    public int owner(P program) {
        return Math.floorMod(hash.applyAsInt(program), shards);
    }

    /** Candidates routed here (one message); the new ones wait for evaluation credit. */
    public void receive(List<Candidate<P>> candidates, boolean fromEditor) {
        received++;
        proposed += candidates.size();
        fromSynthesizer += fromEditor ? 0 : candidates.size();
        for (Candidate<P> candidate : candidates) {
            if (owner(candidate.program()) != index) {
                throw new IllegalArgumentException("shard " + index + " was sent a program of shard "
                        + owner(candidate.program()));
            }
            if (seen.add(candidate.program())) {
                waiting.add(new Admitted<>(admissions++ * shards + index, candidate.program(), candidate.score(),
                        fromEditor));
            }
        }
    }

    /** Credit from the job, in answer to what was asked. */
    public void granted(long evaluations, long expansions) {
        grants++;
        evaluationCredit += evaluations;
        evaluationsAsked = Math.max(0, evaluationsAsked - evaluations);
        expansionCredit += expansions;
        expansionsAsked = Math.max(0, expansionsAsked - expansions);
    }

    /** The waiting candidates the credit allows, now pending their evaluations. */
    public List<Admitted<P>> toEvaluate() {
        List<Admitted<P>> batch = new ArrayList<>((int) Math.min(waiting.size(), evaluationCredit));
        while (evaluationCredit > 0 && !waiting.isEmpty()) {
            Admitted<P> candidate = waiting.poll();
            pending.put(candidate.seq(), candidate);
            batch.add(candidate);
            evaluationCredit--;
            evaluated++;
        }
        return batch;
    }

    /**
     * Pending candidates that will never be evaluated (the job ended before they were run): they no
     * longer count as evaluated.
     */
    public void withdrawn(int count) {
        evaluated -= count;
    }

    /** A pending candidate's evaluation; a repeated or unknown one is ignored. */
    public boolean record(long seq, Evaluation evaluation) {
        Admitted<P> candidate = pending.remove(seq);
        if (candidate == null) {
            return false;
        }
        Evaluated<P> e = new Evaluated<>(candidate.withProgram(frontierForm), evaluation);
        if (evaluation.valid()) {
            frontier.add(e);
            if (best == null || Evaluated.<P>bestFirst().compare(e, best) < 0) {
                best = e;
            }
            if (evaluation.solves() && solution == null) {
                solution = e;
            }
        }
        return true;
    }

    /** The next program to expand (the best of this shard's frontier), if the credit and concurrency allow. */
    public Optional<Evaluated<P>> toExpand() {
        if (expansionCredit == 0 || expanding >= concurrency || frontier.isEmpty()) {
            return Optional.empty();
        }
        expansionCredit--;
        expanding++;
        return Optional.of(frontier.poll());
    }

    /**
     * An expansion's edits, split by the shard that owns each (empty lists for none); those owned
     * here are received at once, the others are for the caller to send (and counted as sent).
     */
    public List<List<Candidate<P>>> expanded(List<Candidate<P>> edits) {
        if (expanding == 0) {
            throw new IllegalStateException("shard " + index + " has no expansion going");
        }
        expanding--;
        expansions++;
        List<List<Candidate<P>>> byOwner = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            byOwner.add(new ArrayList<>());
        }
        for (Candidate<P> edit : edits) {
            byOwner.get(owner(edit.program())).add(edit);
        }
        for (int i = 0; i < shards; i++) {
            if (!byOwner.get(i).isEmpty()) {
                sentTo[i]++;
            }
        }
        if (!byOwner.get(index).isEmpty()) {
            receive(byOwner.get(index), true);
            byOwner.set(index, List.of());
        }
        return byOwner;
    }

    /** An expansion given up (its parent goes back to the frontier; the credit is kept). */
    public void expansionFailed(Evaluated<P> parent) {
        expanding--;
        expansionCredit++;
        frontier.add(parent);
    }

    /** Whether an expansion is going (its edits are to come). */
    public boolean expanding() {
        return expanding > 0;
    }

    /** Nothing waiting, evaluating or expanding. */
    private boolean quiet() {
        return waiting.isEmpty() && pending.isEmpty() && expanding == 0;
    }

    public boolean busy() {
        return !pending.isEmpty() || expanding > 0 || (evaluationCredit > 0 && !waiting.isEmpty())
                || (expansionCredit > 0 && !frontier.isEmpty());
    }

    /** Whether it holds its share of programs or more. */
    public boolean full() {
        return seen.size() >= share.getAsLong();
    }

    /** Whether it found an answer. */
    public boolean solved() {
        return solution != null;
    }

    /**
     * Whether it has work held up only for credit it has not asked for yet: nothing going, and
     * candidates waiting without evaluation credit or a frontier without expansion credit.
     */
    public boolean starved() {
        return !busy() && (!waiting.isEmpty() && evaluationCredit == 0 && evaluationsAsked == 0
                || !frontier.isEmpty() && expansionCredit == 0 && expansionsAsked == 0);
    }

    /**
     * The shard's status now, with the credit it asks for (what it needs beyond what it holds and
     * has asked for) and the credit it gives back (all of it, when it has nothing to spend it on). Each
     * status is to be sent: it carries the asks and returns since the last.
     */
    public ShardStatus<P> status() {
        // Topped up before it runs out while candidates come, so that evaluation never waits for the job.
        long needEvaluations = waiting.size() + (quiet() ? 0 : headroom) - evaluationCredit - evaluationsAsked;
        if (needEvaluations > headroom / 2 || (needEvaluations > 0 && waiting.size() > evaluationCredit
                + evaluationsAsked)) {
            askEvaluations += needEvaluations;
            evaluationsAsked += needEvaluations;
        }
        // One expansion's worth of credit ahead of each going, so that the next one starts without waiting.
        long needExpansions = frontier.isEmpty() ? 0
                : 2L * concurrency - expanding - expansionCredit - expansionsAsked;
        if (needExpansions > 0) {
            askExpansions += needExpansions;
            expansionsAsked += needExpansions;
        }
        // Headroom stays while candidates flow; a quiet shard gives it back for others to spend.
        if (quiet() && evaluationCredit > 0) {
            returnedEvaluations += evaluationCredit;
            evaluationCredit = 0;
        }
        if (frontier.isEmpty() && expansionCredit > 0) {
            returnedExpansions += expansionCredit;
            expansionCredit = 0;
        }
        List<Long> sent = new ArrayList<>(shards);
        for (long count : sentTo) {
            sent.add(count);
        }
        ShardStatus<P> status = new ShardStatus<>(busy(), received, sent, grants, evaluated, expansions, proposed,
                fromSynthesizer, waiting.size() + pending.size(), frontier.size(), askEvaluations, askExpansions, returnedEvaluations, returnedExpansions, best,
                solution, seen.size(), share.getAsLong());
        askEvaluations = 0;
        askExpansions = 0;
        returnedEvaluations = 0;
        returnedExpansions = 0;
        return status;
    }

    public int index() {
        return index;
    }

    /** Distinct programs this shard has seen. */
    public int seen() {
        return seen.size();
    }
}
