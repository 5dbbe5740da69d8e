package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import lasso.domain.karel.KarelProgram;
import lasso.search.Candidate;
import lasso.search.Evaluation;
import lasso.search.ShardStatus;
import lasso.search.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A job at an async shard: evaluations as its credit allows, on executors as theirs allows, counted as sent. */
class AsyncShardJobTest {

    /** Batches of two programs, one in flight per executor: the rest wait. */
    static final RuntimeSettings SETTINGS = RuntimeSettings.from(ConfigFactory
            .parseString("lasso.coordinator.chunk-size = 2\nlasso.coordinator.credits = 1")
            .withFallback(ConfigFactory.load()));

    private static ActorTestKit kit;
    private static TestProbe<Executor.Command> executor;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("async-shard-job", ConfigFactory.load());
        executor = kit.createTestProbe();
        kit.system().receptionist().tell(Receptionist.register(Executor.SERVICE_KEY, executor.ref()));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** Distinct generated Karel programs. */
    static List<Program> programs(int count) {
        List<Program> programs = new ArrayList<>();
        for (int i = 0; programs.size() < count; i++) {
            KarelProgram program = KarelTasks.task(7, i, 12).program();
            Program candidate = Program.of(KarelTasks.KAREL.tokens(program));
            if (!programs.contains(candidate)) {
                programs.add(candidate);
            }
        }
        return programs;
    }

    static JobSpec spec() {
        return KarelTasks.spec(KarelTasks.task(7, 0, 12), KarelTasks.settings(Strategy.BEST_FIRST, 1000, 60_000));
    }

    /** The executor's next batch, answered with valid evaluations; its programs. */
    static List<Program> answerNextBatch(TestProbe<Executor.Command> executor) {
        Executor.Run run = executor.expectMessageClass(Executor.Run.class);
        Evaluation evaluation = new Evaluation(true, new byte[] {0}, new byte[0]);
        run.replyTo().tell(new Executor.Results(run.jobId(), run.batch(),
                Collections.nCopies(run.programs().size(), evaluation), null));
        return run.programs();
    }

    @Test
    void evaluationsGoAsTheCreditsAllowAndAreCountedAsSent() throws Exception {
        ShardOnActor<Long> shard = new ShardOnActor<>(kit, "job-1", SETTINGS);
        shard.awaitExecutors();
        AsyncShardEntity.Open open = new AsyncShardEntity.Open(spec(), 1, 1, kit.<FrontierShardEntity.Answer>createTestProbe().ref());
        List<Program> programs = programs(6);
        AsyncShardJob job = shard.on(here -> {
            AsyncShardJob opened = new AsyncShardJob(0, open, 4, HeldPrograms.get(kit.system()).open(), here.workers);
            opened.receive(AsyncShardEntity.Candidates.of(0,
                    programs.stream().map(p -> new Candidate<>(p, 0.5)).toList(), false));
            opened.shard().granted(5, 0);
            opened.startWork();
            return opened;
        });
        assertEquals(programs.subList(0, 2), answerNextBatch(executor), "the first batch, the executor's one credit");
        assertEquals(2, (long) shard.on(here -> job.executed()));

        shard.awaitAnswer();
        assertEquals(4, (long) shard.on(here -> {
            here.answered.poll().recordTo(job.shard()::record);
            job.startWork();
            return job.executed();
        }), "the answer frees the credit for the next batch");
        assertEquals(programs.subList(2, 4), answerNextBatch(executor));

        ShardStatus<Program> last = shard.on(here -> job.end());
        assertEquals(4, last.evaluated(), "the batch that never left is not counted: five granted, one withdrawn");
    }
}
