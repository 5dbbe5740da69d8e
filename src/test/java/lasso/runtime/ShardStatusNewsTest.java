package lasso.runtime;

import lasso.search.Admitted;
import lasso.search.AsyncShard;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.ShardStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What in an async shard's status is news for its coordinator, and what cannot wait. */
class ShardStatusNewsTest {

    private static final Evaluated<String> ANSWER =
            new Evaluated<>(new Admitted<>(1, "p", 0.5, false), new Evaluation(true, new byte[] {1}, new byte[0]));

    private static ShardStatus<String> status(boolean busy, long received, long evaluated, long askEvaluations,
                                              Evaluated<String> solution, long held) {
        return new ShardStatus<>(busy, received, List.of(0L, 0L), 0, evaluated, 0, 0, 0, 0, 0, askEvaluations, 0, 0, 0,
                solution, solution, held, 100);
    }

    @Test
    void theFirstStatusIsNewsAndTheSameOneAgainIsNot() {
        ShardStatusNews news = new ShardStatusNews(64, Duration.ofMillis(20));
        ShardStatus<String> first = status(false, 1, 0, 0, null, 0);
        assertTrue(news.worthTelling(first));
        news.told(first);
        assertFalse(news.worthTelling(status(false, 1, 0, 0, null, 0)), "idle, nothing changed");
    }

    @Test
    void idleWithNewCountersCreditAnswersFullSharesAndChunksAreNews() {
        ShardStatusNews news = new ShardStatusNews(64, Duration.ofMillis(20));
        news.told(status(true, 1, 0, 0, null, 0));
        assertFalse(news.worthTelling(status(true, 2, 10, 0, null, 10)), "busy, fewer than a chunk evaluated");
        assertTrue(news.worthTelling(status(false, 2, 10, 0, null, 10)), "idle with new counters: the job's end may be near");
        assertTrue(news.worthTelling(status(true, 1, 0, 8, null, 0)), "credit asked for");
        assertTrue(news.worthTelling(status(true, 1, 1, 0, ANSWER, 1)), "an answer");
        assertTrue(news.worthTelling(status(true, 1, 0, 0, null, 100)), "its share of programs reached");
        assertTrue(news.worthTelling(status(true, 2, 64, 0, null, 64)), "a chunk of evaluations");
        news.told(status(true, 2, 64, 0, null, 64));
        assertFalse(news.worthTelling(status(true, 3, 100, 0, null, 100 - 1)), "less than a chunk since the last");
    }

    @Test
    void noneToldNoIntervalOrWorkHeldUpForCreditCannotWait() {
        AsyncShard<String> shard = new AsyncShard<>(0, 1, 1, 4, String::hashCode);
        ShardStatusNews news = new ShardStatusNews(64, Duration.ofMillis(20));
        assertTrue(news.urgent(shard), "nothing told yet");
        news.told(shard.status());
        assertFalse(news.urgent(shard), "nothing new");
        shard.receive(List.of(new Candidate<>("a", 0.5)), false);
        assertTrue(news.urgent(shard), "candidates wait for credit not asked for yet");

        ShardStatusNews everyChange = new ShardStatusNews(64, Duration.ZERO);
        everyChange.told(new AsyncShard<>(0, 1, 1, 4, String::hashCode).status());
        assertTrue(everyChange.urgent(new AsyncShard<>(0, 1, 1, 4, String::hashCode)), "no interval to wait");
    }
}
