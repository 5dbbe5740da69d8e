package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The safety net for jobs whose API node left: every live job of the journal gets a Get, sent again
 * until its entity answers (a hand-off may drop it); jobs that ended are left alone.
 */
class JobRevivalTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("job-revival", ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void everyLiveJobIsAskedUntilItsEntityAnswers() {
        Function<String, TestProbe<JobEntity.Command>> entity = probes();
        TestProbe<JobIndex.Command> index = testKit.createTestProbe();
        ActorRef<JobRevival.Command> revival = revival(index, entity, JobRevival.MAX_ASKING);

        revival.tell(new JobRevival.WakeLiveJobs());
        JobIndex.Find find = index.expectMessageClass(JobIndex.Find.class);
        assertEquals(EnumSet.of(JobState.QUEUED, JobState.RUNNING), find.states(), "live jobs only");
        find.replyTo().tell(new JobIndex.Found(List.of("running", "restarting"), -1, null));

        JobEntity.Get running = entity.apply("running").expectMessageClass(JobEntity.Get.class);
        running.replyTo().tell(new JobEntity.Lookup(null, entity.apply("running").getRef()));
        entity.apply("restarting").expectMessageClass(JobEntity.Get.class); // lost in a hand-off
        Duration bound = JobEntity.SEND_AGAIN_AFTER.multipliedBy(10);
        JobEntity.Get again = entity.apply("restarting").expectMessageClass(JobEntity.Get.class, bound);
        again.replyTo().tell(new JobEntity.Lookup(null, entity.apply("restarting").getRef()));

        // Answered: neither is asked again.
        entity.apply("running").expectNoMessage(JobEntity.SEND_AGAIN_AFTER.multipliedBy(2));
        entity.apply("restarting").expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void manyLiveJobsAreAskedInWaves() {
        Function<String, TestProbe<JobEntity.Command>> entity = probes();
        TestProbe<JobIndex.Command> index = testKit.createTestProbe();
        ActorRef<JobRevival.Command> revival = revival(index, entity, 1);

        revival.tell(new JobRevival.WakeLiveJobs());
        index.expectMessageClass(JobIndex.Find.class).replyTo().tell(new JobIndex.Found(List.of("a", "b"), -1, null));
        JobEntity.Get first = entity.apply("a").expectMessageClass(JobEntity.Get.class);
        entity.apply("b").expectNoMessage(Duration.ofMillis(200));
        first.replyTo().tell(new JobEntity.Lookup(null, entity.apply("a").getRef()));
        entity.apply("b").expectMessageClass(JobEntity.Get.class);
    }

    /** Probes in place of the jobs' entities, one per job id, made on first use. */
    private static Function<String, TestProbe<JobEntity.Command>> probes() {
        Map<String, TestProbe<JobEntity.Command>> probes = new ConcurrentHashMap<>();
        return id -> probes.computeIfAbsent(id, key -> testKit.createTestProbe());
    }

    private static ActorRef<JobRevival.Command> revival(TestProbe<JobIndex.Command> index,
                                                        Function<String, TestProbe<JobEntity.Command>> entity,
                                                        int maxAsking) {
        return testKit.spawn(JobRevival.create(index.getRef(),
                id -> TestEntityRef.of(JobEntity.TYPE_KEY, id, entity.apply(id).getRef()), maxAsking));
    }
}
