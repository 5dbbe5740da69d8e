package lasso.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * What stays with a best-first job whose {@link AsyncShard}s search on their own (HDA*, no rounds):
 * the budgets of the whole job, handed to the shards as credit (they never evaluate or expand more
 * than granted, so the job's evaluated programs and expansions never pass their budgets), the pace
 * of the work, and the best program and the answer. The pace keeps the mix of a lock-step round
 * ({@link PartitionedSearch}): the job opens a new round, which routes the synthesizer's next batch
 * and lets the shards expand {@code expansionsPerRound} more programs, whenever the work in hand (new
 * candidates not yet evaluated or on their way, edits still to come from expansions granted) is
 * under four rounds' worth. It stops on an answer, a budget, the deadline, or when nothing is left to do:
 * every shard idle and every message between them received (each counts the candidate messages it sent
 * to each shard and received, and the grants it received; a status is sent when a shard goes idle, so
 * the job never takes for idle a shard that a message has woken since).
 *
 * <p>Unlike lock-step rounds, the order in which programs are expanded depends on timing, so two runs
 * of a job may take different paths (and the answer found first may differ); budgets still hold.
 */
public final class AsyncSearch<P> {

    /**
     * Rounds' worth of work the job keeps in hand: enough that the shards never wait for the job's
     * next round while the statuses that open it travel between nodes.
     */
    private static final int ROUNDS_IN_HAND = 4;

    /** Credit for one shard. */
    public record Grant(int shard, long evaluations, long expansions) {
    }

    private final SearchSettings settings;
    private final int shards;
    private final ToIntFunction<P> hash;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Comparator<Evaluated<P>> order = Evaluated.bestFirst();
    private final List<ShardStatus<P>> latest = new ArrayList<>();
    private final long[] routedTo;
    private final long[] grantsSent;
    private final long[] owedEvaluations;
    private final long[] owedExpansions;
    private long evaluationsLeft;
    private long expansionsLeft;
    private long rounds;
    private long expansionsGranted;
    private long synthesized;
    private boolean proposerExhausted;
    private Evaluated<P> best;
    private Evaluated<P> solution;
    private StopReason stopped;
    private long fullShare = -1;

    public AsyncSearch(SearchSettings settings, int shards, ToIntFunction<P> hash, LongSupplier nanoClock,
                       long startNanos) {
        if (settings.strategy() != Strategy.BEST_FIRST) {
            throw new IllegalArgumentException("shards search on their own only best-first, not " + settings.strategy());
        }
        if (shards < 1) {
            throw new IllegalArgumentException("a search needs at least one shard, not " + shards);
        }
        this.settings = settings;
        this.shards = shards;
        this.hash = hash;
        this.nanoClock = nanoClock;
        this.startNanos = startNanos;
        this.routedTo = new long[shards];
        this.grantsSent = new long[shards];
        this.owedEvaluations = new long[shards];
        this.owedExpansions = new long[shards];
        this.evaluationsLeft = settings.maxEvaluated();
        this.expansionsLeft = settings.maxExpansions();
        for (int i = 0; i < shards; i++) {
            latest.add(null);
        }
    }

    public int shards() {
        return shards;
    }

    /** Programs each shard expands at once. */
    public int concurrency() {
        return AsyncShard.concurrency(settings.expansionsPerRound(), shards);
    }

    /**
     * Whether the job opens a new round now: the work in hand is under four rounds' worth, and there is
     * something to open it for (the synthesizer's next batch, or a shard waiting for expansion credit).
     */
    public boolean wantsRound() {
        // Like lock-step, no round after the expansion budget is spent: the search ends once its edits are in.
        if (stopped != null || expansionsLeft == 0 || (proposerExhausted && !owesExpansions())) {
            return false;
        }
        long inHand = synthesized + (expansionsGranted - expansions()) * settings.editsPerExpansion();
        for (ShardStatus<P> status : latest) {
            inHand += status == null ? 0 : status.backlog() - status.fromSynthesizer();
        }
        return inHand < ROUNDS_IN_HAND * (settings.batchSize()
                + (long) settings.expansionsPerRound() * settings.editsPerExpansion());
    }

    private boolean owesExpansions() {
        for (long owed : owedExpansions) {
            if (owed > 0) {
                return true;
            }
        }
        return false;
    }

    public boolean proposerExhausted() {
        return proposerExhausted;
    }

    /** Opens a round without the synthesizer (its stream has ended): more expansions only. */
    public List<Grant> expansionRound() {
        rounds++;
        return grants(0);
    }

    /**
     * Opens a round with the synthesizer's batch, split by the shard that owns each candidate (a
     * message for each non-empty list); {@link #grants} then says what credit the round frees.
     */
    public List<List<Candidate<P>>> route(Proposal<P> proposal) {
        rounds++;
        proposerExhausted |= proposal.exhausted();
        synthesized += proposal.candidates().size();
        List<List<Candidate<P>>> byOwner = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            byOwner.add(new ArrayList<>());
        }
        for (Candidate<P> candidate : proposal.candidates()) {
            byOwner.get(Math.floorMod(hash.applyAsInt(candidate.program()), shards)).add(candidate);
        }
        for (int i = 0; i < shards; i++) {
            if (!byOwner.get(i).isEmpty()) {
                routedTo[i]++;
            }
        }
        return byOwner;
    }

    /**
     * A shard's status: its credit asks join what it is owed, credit it gave back is free again, and
     * the grants to send now come back (to it and to others waiting for the credit it returned).
     */
    public List<Grant> reported(int shard, ShardStatus<P> status) {
        latest.set(shard, status);
        evaluationsLeft += status.returnedEvaluations();
        expansionsLeft += status.returnedExpansions();
        expansionsGranted -= status.returnedExpansions();
        owedEvaluations[shard] += status.askEvaluations();
        owedExpansions[shard] += status.askExpansions();
        best = better(best, status.best());
        if (status.solution() != null && solution == null) {
            solution = status.solution();
        }
        return grants(shard);
    }

    /**
     * The credit to send now, from the budgets left, to the shards that asked for it ({@code first},
     * then the others in turn); expansions also within the rounds opened so far.
     */
    public List<Grant> grants(int first) {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            int s = (first + i) % shards;
            long evaluations = Math.min(owedEvaluations[s], evaluationsLeft);
            long allowed = rounds * settings.expansionsPerRound() - expansionsGranted;
            long expansions = Math.max(0, Math.min(owedExpansions[s], Math.min(expansionsLeft, allowed)));
            if (evaluations > 0 || expansions > 0) {
                owedEvaluations[s] -= evaluations;
                owedExpansions[s] -= expansions;
                evaluationsLeft -= evaluations;
                expansionsLeft -= expansions;
                expansionsGranted += expansions;
                grantsSent[s]++;
                grants.add(new Grant(s, evaluations, expansions));
            }
        }
        return grants;
    }

    private Evaluated<P> better(Evaluated<P> a, Evaluated<P> b) {
        return a == null || (b != null && order.compare(b, a) < 0) ? b : a;
    }

    /**
     * Whether every shard is idle with every message to it received: nothing moves until the job
     * sends something (a batch, or credit given back by others).
     */
    public boolean idle() {
        long[] sent = routedTo.clone();
        for (ShardStatus<P> status : latest) {
            if (status == null || status.busy()) {
                return false;
            }
            for (int i = 0; i < shards; i++) {
                sent[i] += status.sentTo().get(i);
            }
        }
        for (int i = 0; i < shards; i++) {
            if (latest.get(i).received() != sent[i] || latest.get(i).grants() != grantsSent[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the search stops now, if it does: an answer, the deadline, the evaluation budget spent, or
     * (all idle) the expansion budget spent or nothing left to try. {@code proposalPending}: a batch
     * was asked of the synthesizer and not yet routed.
     */
    public Optional<StopReason> check(boolean proposalPending) {
        if (stopped == null) {
            if (solution != null) {
                stopped = StopReason.FOUND;
            } else if (nanoClock.getAsLong() - startNanos >= settings.deadlineNanos()) {
                stopped = StopReason.DEADLINE;
            } else if (full().isPresent()) {
                stopped = StopReason.MEMORY_BUDGET;  // at once: the shards hold more with every evaluation
                fullShare = full().getAsLong();
            } else if (evaluated() >= settings.maxEvaluated() && idle()) {
                stopped = StopReason.EVALUATION_BUDGET;  // once the last evaluations are in
            } else if (!proposalPending && idle()) {
                if (expansionsLeft == 0 && expansions() >= settings.maxExpansions()) {
                    stopped = StopReason.EXPANSION_BUDGET;
                } else if (proposerExhausted) {
                    stopped = StopReason.EXHAUSTED;
                }
            }
        }
        return Optional.ofNullable(stopped);
    }

    /** Stops the search from outside (cancel, a failed part); a search already stopped keeps its first reason. */
    public void stop(StopReason reason) {
        if (stopped == null) {
            stopped = reason;
        }
    }

    public StopReason stopReason() {
        return stopped;
    }

    public Optional<Evaluated<P>> solution() {
        return Optional.ofNullable(solution);
    }

    /** The best valid program evaluated so far, in the frontier's order. */
    public Optional<Evaluated<P>> best() {
        return Optional.ofNullable(solution != null ? solution : best);
    }

    /** Distinct programs given to evaluation, as the shards last reported. */
    public long evaluated() {
        return sum(ShardStatus::evaluated);
    }

    public long expansions() {
        return sum(ShardStatus::expansions);
    }

    /** Distinct programs the shards hold, as they last reported. */
    public long held() {
        return sum(ShardStatus::held);
    }

    /**
     * The share of programs held that a full shard reached when the search stopped with
     * {@link StopReason#MEMORY_BUDGET} (later statuses may show larger shares: other shards have closed).
     */
    public OptionalLong fullShare() {
        return fullShare < 0 ? OptionalLong.empty() : OptionalLong.of(fullShare);
    }

    private OptionalLong full() {
        for (ShardStatus<P> status : latest) {
            if (status != null && status.full()) {
                return OptionalLong.of(status.share());
            }
        }
        return OptionalLong.empty();
    }

    /** Candidates the shards received, duplicates included. */
    public long proposed() {
        return sum(ShardStatus::proposed);
    }

    /** Candidates routed from the synthesizer. */
    public long synthesized() {
        return synthesized;
    }

    private long sum(java.util.function.ToLongFunction<ShardStatus<P>> counter) {
        long total = 0;
        for (ShardStatus<P> status : latest) {
            total += status == null ? 0 : counter.applyAsLong(status);
        }
        return total;
    }

    public SearchSettings settings() {
        return settings;
    }
}
