package lasso.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator's view of one round whose shards answer by message: expansions split by owner, and
 * answers counted once each, only in their phase and round.
 */
class RoundAnswersTest {

    private static Expansion<String> expansion(int shard, long index, String program) {
        return new Expansion<>(shard, index, new Evaluated<>(new Admitted<>(index, program, 0.5, false),
                Evaluation.invalid(1)));
    }

    private static final Round<String> ROUND = new Round<>(7, 4,
            List.of(expansion(2, 10, "a"), expansion(0, 11, "b"), expansion(2, 12, "c")));

    @Test
    void expansionsGoToTheShardsThatOwnThemWithTheirSlots() {
        List<RoundAnswers.ShardExpansions<String>> parts = new RoundAnswers<>(ROUND, 3).byShard();
        assertEquals(List.of(1), parts.get(0).slots());
        assertEquals(List.of(), parts.get(1).slots());
        assertEquals(List.of(0, 2), parts.get(2).slots());
        assertEquals(List.of("a", "c"), parts.get(2).expansions().stream().map(e -> e.parent().program()).toList());
    }

    @Test
    void aRoundGathersItsProposalAndEachEditOnceThenEveryShardsFreshCandidates() {
        RoundAnswers<String> round = new RoundAnswers<>(ROUND, 2);
        assertTrue(round.needsProposal());
        assertFalse(round.proposalReady());
        round.proposal(new Proposal<>(List.of(new Candidate<>("p", 0.1)), false));
        assertTrue(round.proposalReady());
        round.proposalOffered(true);
        assertFalse(round.proposalReady(), "offered once");

        assertTrue(round.expanded(7, 0, List.of(new Candidate<>("a1", 0.2))));
        assertFalse(round.expanded(7, 0, List.of()), "a repeated answer is ignored");
        assertFalse(round.expanded(6, 1, List.of()), "so is one of another round");
        assertTrue(round.expanded(7, 1, List.of()));
        assertFalse(round.gathered());
        assertTrue(round.expanded(7, 2, List.of()));
        assertTrue(round.gathered());
        assertEquals("a1", round.edits().get(0).get(0).program());

        round.lastPartOffered();
        assertEquals(RoundAnswers.Phase.FRESH, round.phase(), "the budget may end in the round: the shards wait");
        assertFalse(round.reporting(7));
        assertFalse(round.freshFrom(7, 1, List.of()));
        assertFalse(round.freshFrom(7, 1, List.of()), "once a shard");
        assertTrue(round.freshFrom(7, 0, List.of(new Admitted<>(1, "p", 0.1, false))), "the last one missing");
        assertEquals(RoundAnswers.Phase.REPORT, round.phase());
        assertTrue(round.reporting(7));
        assertFalse(round.expanded(7, 0, List.of()), "edits come only while gathering");
    }

    @Test
    void withoutHoldTheShardsReportAtOnce() {
        RoundAnswers<String> round = new RoundAnswers<>(new Round<>(0, 8, List.of()), 2);
        round.proposal(new Proposal<>(List.of(), false));
        round.proposalOffered(false);
        assertTrue(round.gathered(), "no expansion to wait for");
        assertFalse(round.awaitingShards());
        round.lastPartOffered();
        assertEquals(RoundAnswers.Phase.REPORT, round.phase());
        assertTrue(round.awaitingShards());
    }
}
