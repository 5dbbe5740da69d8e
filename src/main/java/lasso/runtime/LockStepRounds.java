package lasso.runtime;

import lasso.search.Admitted;
import lasso.search.PartitionedSearch;
import lasso.search.Round;
import lasso.search.RoundAnswers;

import java.util.List;
import java.util.Optional;

/**
 * The rounds of one lock-step job attempt, outside the actor: which round runs, what of it the
 * shards and the synthesizer have answered ({@link RoundAnswers}), and what goes to which frontier
 * shard next. {@link JobCoordinator} hands it the shards' answers and keeps the synthesizer's stream
 * fed; {@link #advance} moves the {@link PartitionedSearch} on as far as they allow.
 */
final class LockStepRounds {

    private final PartitionedSearch<Program> search;
    private final SynthesizerStream stream;
    private final LockStepShards shards;
    /** The current round's answers so far; null between rounds. */
    private RoundAnswers<Program> round;
    private long waitingSinceNanos;
    private long executed;

    LockStepRounds(PartitionedSearch<Program> search, SynthesizerStream stream, LockStepShards shards) {
        this.search = search;
        this.stream = stream;
        this.shards = shards;
    }

    /**
     * Moves the search on as far as the answers received allow.
     *
     * @return false once the search has no next round: it is over
     */
    boolean advance() {
        while (true) {
            if (round == null) {
                if (!stream.available()) {
                    return true;
                }
                Optional<Round<Program>> next = search.next();
                if (next.isEmpty()) {
                    return false;
                }
                begin(next.get());
            }
            if (round.phase() == RoundAnswers.Phase.GATHER) {
                int propose = round.round().propose();
                if (round.needsProposal()) {
                    if (stream.has(propose)) {
                        round.proposal(stream.take(propose));
                    } else {
                        stream.request();
                    }
                }
                if (round.proposalReady()) {
                    offerProposal();
                    stream.request();
                }
                if (round.phase() == RoundAnswers.Phase.GATHER) {
                    if (!round.gathered()) {
                        return true;
                    }
                    offer(search.routeEdits(round.round(), round.edits()).offers());
                }
            }
            if (round.phase() != RoundAnswers.Phase.REPORT || !search.allReported()) {
                return true;
            }
            search.endRound();
            round = null;
        }
    }

    private void begin(Round<Program> next) {
        round = new RoundAnswers<>(next, shards.size());
        waitingSinceNanos = System.nanoTime();
        shards.expand(next.number(), round.byShard());
    }

    /**
     * Sends the synthesizer's candidates to their shards at once, so that they are evaluated while the
     * debuggers work on the round's expansions; a round without expansions is complete with them.
     */
    private void offerProposal() {
        PartitionedSearch.Routed<Program> routed = search.routeProposal(round.round(), round.proposal());
        round.proposalOffered(routed.mayCut());
        if (round.round().expand().isEmpty()) {
            search.routeEdits(round.round(), List.of());
            offer(routed.offers());
        } else {
            shards.offer(round.round().number(), routed.offers(), false, round.hold());
        }
    }

    /** The round's last part; the shards answer with their fresh candidates or their reports. */
    private void offer(List<List<Admitted<Program>>> offers) {
        round.lastPartOffered();
        waitingSinceNanos = System.nanoTime();
        shards.offer(round.round().number(), offers, true, round.hold());
    }

    /** A shard's answer ({@link FrontierShardEntity.Lost} is the coordinator's to handle). */
    void answered(FrontierShardEntity.Answer answer) {
        if (round == null) {
            return;
        }
        waitingSinceNanos = System.nanoTime();
        if (answer instanceof FrontierShardEntity.Expanded expanded) {
            round.expanded(expanded.round(), expanded.slot(), expanded.edits());
        } else if (answer instanceof FrontierShardEntity.Fresh answered
                && round.freshFrom(answered.round(), answered.shard(), answered.candidates())) {
            shards.keep(round.round().number(), search.lastSeq(round.fresh()));
        } else if (answer instanceof FrontierShardEntity.Reported reported
                && round.reporting(reported.report().round())) {
            search.reported(reported.shard(), reported.report());
            executed += reported.executed();
        }
    }

    /** Whether the shards owe the current round an answer and have been silent for over {@code timeoutNanos}. */
    boolean shardsSilent(long nowNanos, long timeoutNanos) {
        return round != null && round.awaitingShards() && nowNanos - waitingSinceNanos > timeoutNanos;
    }

    /** Programs sent to executors so far, as the shards reported them. */
    long executed() {
        return executed;
    }
}
