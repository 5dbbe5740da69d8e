package lasso.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shard's rounds as a coordinator drives them over messages: parts sent again, keeps and reports once. */
class FrontierShardTest {

    private static Admitted<String> candidate(long seq, String program) {
        return new Admitted<>(seq, program, 0.5, false);
    }

    @Test
    void aPartSentAgainIsRecognisedUntilTheNextRoundBegins() {
        FrontierShard<String> shard = new FrontierShard<>(Strategy.BEST_FIRST, 1);
        assertFalse(shard.offeredBefore(0), "nothing offered yet");
        shard.offer(0, List.of(candidate(1, "a")), false);
        assertFalse(shard.offeredBefore(0), "round 0 awaits its last part");
        shard.offer(0, List.of(candidate(2, "b")), true);
        assertTrue(shard.offeredBefore(0), "round 0 was offered in full");
        assertFalse(shard.offeredBefore(1));
        shard.keep(Long.MAX_VALUE);
        shard.record(1, new Evaluation(true, new byte[] {1}, new byte[0]));
        shard.record(2, new Evaluation(true, new byte[] {0}, new byte[0]));
        shard.endRound();
        shard.offer(1, List.of(candidate(3, "c")), true);
        assertTrue(shard.offeredBefore(0), "an older round's part");
        assertTrue(shard.offeredBefore(1));
    }

    @Test
    void keepingWaitsForTheRoundsLastPart() {
        FrontierShard<String> shard = new FrontierShard<>(Strategy.BEST_FIRST, 1);
        assertFalse(shard.offeredInFull(0));
        shard.offer(0, List.of(candidate(1, "a")), false);
        assertFalse(shard.offeredInFull(0));
        shard.offer(0, List.of(candidate(2, "b")), true);
        assertTrue(shard.offeredInFull(0));
        assertFalse(shard.offeredInFull(1), "a keep for another round");
    }

    @Test
    void aRoundIsReportedOnceWhenEveryKeptCandidateHasItsEvaluation() {
        FrontierShard<String> shard = new FrontierShard<>(Strategy.BEST_FIRST, 1);
        assertFalse(shard.reportDue(), "no round yet");
        shard.offer(0, List.of(candidate(1, "a"), candidate(2, "a"), candidate(3, "b")), true);
        shard.keep(Long.MAX_VALUE);
        assertFalse(shard.reportDue(), "two evaluations missing");
        shard.record(1, new Evaluation(true, new byte[] {1}, new byte[0]));
        assertFalse(shard.reportDue(), "one evaluation missing");
        shard.record(3, new Evaluation(true, new byte[] {0}, new byte[0]));
        assertTrue(shard.reportDue());
        assertEquals(2, shard.endRound().admitted(), "the duplicate was not admitted");
        assertFalse(shard.reportDue(), "reported already");
        shard.offer(1, List.of(), true);
        shard.keep(Long.MAX_VALUE);
        assertTrue(shard.reportDue(), "the next round, empty, is complete at once");
    }
}
