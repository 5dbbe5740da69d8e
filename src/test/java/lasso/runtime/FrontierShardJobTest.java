package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import lasso.search.Admitted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A job at a lock-step shard: a round's kept candidates evaluated on executors, its report once, with what was sent. */
class FrontierShardJobTest {

    private static ActorTestKit kit;
    private static TestProbe<Executor.Command> executor;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("frontier-shard-job", ConfigFactory.load());
        executor = kit.createTestProbe();
        kit.system().receptionist().tell(Receptionist.register(Executor.SERVICE_KEY, executor.ref()));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aRoundIsReportedOnceEveryKeptCandidateIsEvaluatedWithTheProgramsSent() throws Exception {
        ShardOnActor<FrontierShardJob.Slot> shard = new ShardOnActor<>(kit, "job-2", AsyncShardJobTest.SETTINGS);
        shard.awaitExecutors();
        List<Program> programs = AsyncShardJobTest.programs(3);
        List<Admitted<Program>> candidates = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            candidates.add(new Admitted<>(i, programs.get(i), 0.5, false));
        }
        candidates.add(new Admitted<>(3, programs.get(0), 0.5, false));  // seen already: not evaluated
        FrontierShardJob job = shard.on(here -> {
            FrontierShardJob opened = new FrontierShardJob(AsyncShardJobTest.spec(), 1,
                    HeldPrograms.get(kit.system()).open(), here.workers);
            opened.shard().offer(0, candidates, true);
            opened.keep(Long.MAX_VALUE);
            return opened;
        });
        assertEquals(programs.subList(0, 2), AsyncShardJobTest.answerNextBatch(executor));
        shard.awaitAnswer();
        assertNull(shard.on(here -> {
            here.answered.poll().recordTo(job.shard()::record);
            here.workers.dispatch();
            return job.reportIfDue(0);
        }), "one evaluation missing");
        assertEquals(programs.subList(2, 3), AsyncShardJobTest.answerNextBatch(executor));
        shard.awaitAnswer();
        FrontierShardEntity.Reported reported = shard.on(here -> {
            here.answered.poll().recordTo(job.shard()::record);
            return job.reportIfDue(7);
        });
        assertEquals(7, reported.shard());
        assertEquals(0, reported.report().round());
        assertEquals(3, reported.report().admitted());
        assertEquals(3, reported.executed(), "the programs sent to executors this round");
        assertNull(shard.on(here -> job.reportIfDue(7)), "reported once");
    }
}
