package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import com.typesafe.config.ConfigFactory;
import lasso.search.Admitted;
import lasso.search.AsyncShard;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.ShardStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What in an async shard's status is news for its coordinator, what cannot wait, and what waits on the timer. */
class ShardStatusNewsTest {

    private static final Evaluated<String> ANSWER =
            new Evaluated<>(new Admitted<>(1, "p", 0.5, false), new Evaluation(true, new byte[] {1}, new byte[0]));

    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("shard-status-news", ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** Runs {@code checks} in an actor, on its timers (which only its own thread may use); fails with what failed there. */
    private static void onTimers(Consumer<TimerScheduler<Object>> checks) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        kit.spawn(Behaviors.withTimers(timers -> {
            try {
                checks.accept(timers);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
            return Behaviors.stopped();
        }));
        done.get(1, TimeUnit.MINUTES);
    }

    private static ShardStatus<String> status(boolean busy, long received, long evaluated, long askEvaluations,
                                              Evaluated<String> solution, long held) {
        return new ShardStatus<>(busy, received, List.of(0L, 0L), 0, evaluated, 0, 0, 0, 0, 0, askEvaluations, 0, 0, 0,
                solution, solution, held, 100);
    }

    @Test
    void theFirstStatusIsNewsAndTheSameOneAgainIsNot() throws Exception {
        onTimers(timers -> {
            ShardStatusNews news = new ShardStatusNews(64, Duration.ofMinutes(1), timers);
            ShardStatus<String> first = status(false, 1, 0, 0, null, 0);
            assertTrue(news.worthTelling(first));
            news.told(first);
            assertFalse(news.worthTelling(status(false, 1, 0, 0, null, 0)), "idle, nothing changed");
        });
    }

    @Test
    void idleWithNewCountersCreditAnswersFullSharesAndChunksAreNews() throws Exception {
        onTimers(timers -> {
            ShardStatusNews news = new ShardStatusNews(64, Duration.ofMinutes(1), timers);
            news.told(status(true, 1, 0, 0, null, 0));
            assertFalse(news.worthTelling(status(true, 2, 10, 0, null, 10)), "busy, fewer than a chunk evaluated");
            assertTrue(news.worthTelling(status(false, 2, 10, 0, null, 10)), "idle with new counters: the end may be near");
            assertTrue(news.worthTelling(status(true, 1, 0, 8, null, 0)), "credit asked for");
            assertTrue(news.worthTelling(status(true, 1, 1, 0, ANSWER, 1)), "an answer");
            assertTrue(news.worthTelling(status(true, 1, 0, 0, null, 100)), "its share of programs reached");
            assertTrue(news.worthTelling(status(true, 2, 64, 0, null, 64)), "a chunk of evaluations");
            news.told(status(true, 2, 64, 0, null, 64));
            assertFalse(news.worthTelling(status(true, 3, 100, 0, null, 99)), "less than a chunk since the last");
        });
    }

    @Test
    void noneToldOrWorkHeldUpForCreditGoesNowAndTheRestWaitsOnTheTimer() throws Exception {
        onTimers(timers -> {
            AsyncShard<String> shard = new AsyncShard<>(0, 1, 1, 4, String::hashCode);
            ShardStatusNews news = new ShardStatusNews(64, Duration.ofMinutes(1), timers);
            assertTrue(news.now(shard), "nothing told yet");
            news.told(shard.status());
            assertFalse(news.now(shard), "nothing new: it waits");
            assertTrue(timers.isTimerActive(ShardStatusNews.TellStatus.class), "for the interval's timer");
            shard.receive(List.of(new Candidate<>("a", 0.5)), false);
            assertTrue(news.now(shard), "candidates wait for credit not asked for yet");
            assertFalse(timers.isTimerActive(ShardStatusNews.TellStatus.class), "what waited goes with it");
        });
    }

    @Test
    void withoutAnIntervalEveryStatusGoesNow() throws Exception {
        onTimers(timers -> {
            AsyncShard<String> shard = new AsyncShard<>(0, 1, 1, 4, String::hashCode);
            ShardStatusNews news = new ShardStatusNews(64, Duration.ZERO, timers);
            news.told(shard.status());
            assertTrue(news.now(shard));
            assertFalse(timers.isTimerActive(ShardStatusNews.TellStatus.class));
        });
    }
}
