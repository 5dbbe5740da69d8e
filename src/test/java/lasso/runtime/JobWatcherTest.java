package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import com.typesafe.config.ConfigFactory;
import lasso.search.StopReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A watch whose request to the job's entity is lost (as in a shard's hand-off) asks again until answered. */
class JobWatcherTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("job-watcher", ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void aWatchRequestThatIsLostIsSentAgainUntilTheJobAnswers() throws Exception {
        TestProbe<JobEntity.Command> entity = testKit.createTestProbe();
        CompletableFuture<Optional<JobResult>> current = new CompletableFuture<>();
        List<JobResult> heard = new CopyOnWriteArrayList<>();
        testKit.spawn(JobWatcher.create(TestEntityRef.of(JobEntity.TYPE_KEY, "job-1", entity.getRef()), current,
                heard::add));

        entity.expectMessageClass(JobEntity.Watch.class); // lost: never answered
        Duration bound = JobEntity.SEND_AGAIN_AFTER.multipliedBy(10);
        JobEntity.Watch again = entity.expectMessageClass(JobEntity.Watch.class, bound);
        JobSpec spec = LassoRuntimeTest.unsolvable(Duration.ofMinutes(1));
        JobResult queued = JobResult.queued("job-1", spec);
        again.replyTo().tell(new JobEntity.Lookup(queued, entity.getRef()));
        assertEquals(Optional.of(queued), current.get(30, TimeUnit.SECONDS));

        JobResult ended = JobResult.ended("job-1", spec, JobState.UNSOLVED, StopReason.DEADLINE, 60_000, "");
        again.subscriber().tell(ended);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (heard.size() < 2) {
            assertTrue(System.nanoTime() < until, "the result reaches the listener: " + heard);
            Thread.sleep(10);
        }
        assertEquals(List.of(queued, ended), heard);
    }
}
