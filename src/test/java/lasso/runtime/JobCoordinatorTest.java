package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import com.typesafe.config.ConfigFactory;
import lasso.domain.Example;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.Candidate;
import lasso.search.Evaluation;
import lasso.search.SearchSettings;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job coordinator against probes that play its synthesizer, executors, debugger and registry,
 * on a real Karel job (the final result runs the reported program on the task's examples). Every
 * message crosses the serializer ({@code serialize-messages = on}), as between nodes.
 */
class JobCoordinatorTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("coordinator", ConfigFactory.parseString("""
                akka.actor.provider = local
                akka.actor.serialize-messages = on
                lasso.coordinator.progress-interval = 50 ms
                lasso.coordinator.request-timeout = 20 s
                lasso.coordinator.chunk-size = 64
                lasso.coordinator.credits = 2
                """).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static final TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> TASK = KarelTasks.task(3, 0, 12);
    private static final String A = "DEF run m( move m)";
    private static final String B = "DEF run m( turnLeft m)";
    private static final String C = "DEF run m( turnRight m)";
    private static final String D = "DEF run m( putMarker m)";
    private static final String E = "DEF run m( move move m)";

    private Workers current;

    /** The probes of the test that just ran leave the Receptionist, whatever happened. */
    @AfterEach
    void deregister() {
        if (current != null) {
            current.deregisterAll();
        }
    }

    /** One job's probes, registered with the Receptionist under the workers' keys. */
    private final class Workers {
        final TestProbe<Synthesizer.Command> synthesizer = testKit.createTestProbe();
        final TestProbe<Debugger.Command> debugger = testKit.createTestProbe();
        final List<TestProbe<Executor.Command>> executors = new ArrayList<>();
        final TestProbe<JobRegistry.Command> registry = testKit.createTestProbe();
        final String jobId = UUID.randomUUID().toString();

        Workers(int executorCount) {
            current = this;
            register(Synthesizer.SERVICE_KEY, synthesizer.getRef());
            register(Debugger.SERVICE_KEY, debugger.getRef());
            for (int i = 0; i < executorCount; i++) {
                TestProbe<Executor.Command> executor = testKit.createTestProbe();
                register(Executor.SERVICE_KEY, executor.getRef());
                executors.add(executor);
            }
        }

        private <T> void register(ServiceKey<T> key, ActorRef<T> ref) {
            TestProbe<Receptionist.Registered> ack = testKit.createTestProbe();
            testKit.system().receptionist().tell(Receptionist.register(key, ref, ack.getRef()));
            ack.receiveMessage();
        }

        void deregisterAll() {
            testKit.system().receptionist().tell(Receptionist.deregister(Synthesizer.SERVICE_KEY, synthesizer.getRef()));
            testKit.system().receptionist().tell(Receptionist.deregister(Debugger.SERVICE_KEY, debugger.getRef()));
            for (TestProbe<Executor.Command> executor : executors) {
                testKit.system().receptionist().tell(Receptionist.deregister(Executor.SERVICE_KEY, executor.getRef()));
            }
        }

        ActorRef<JobCoordinator.Command> start(SearchSettings settings) {
            return testKit.spawn(JobCoordinator.create(jobId, KarelTasks.spec(TASK, settings), System.nanoTime(),
                    registry.getRef()));
        }

        /** The synthesizer's next request; answered with the programs, scored 0, -1, -2, … */
        void propose(boolean exhausted, String... programs) {
            Synthesizer.Propose propose = synthesizer.expectMessageClass(Synthesizer.Propose.class);
            assertEquals(jobId, propose.jobId());
            List<Candidate<Program>> candidates = new ArrayList<>();
            for (int i = 0; i < programs.length; i++) {
                candidates.add(new Candidate<>(Program.of(KarelTasks.tokens(programs[i])), -i));
            }
            propose.replyTo().tell(new Synthesizer.Proposed(jobId, propose.request(), candidates, exhausted, null));
        }

        JobResult finished() {
            Object message = registry.fishForMessage(Duration.ofSeconds(10), m ->
                    m instanceof JobRegistry.Finished ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore())
                    .get(0);
            return ((JobRegistry.Finished) message).result();
        }
    }

    /** An evaluation on the five given examples that passes the first {@code passed}. */
    private static Evaluation passing(int passed) {
        byte[] codes = new byte[5];
        for (int i = passed; i < 5; i++) {
            codes[i] = Evaluation.WRONG;
        }
        return new Evaluation(true, codes, passed == 5 ? new byte[1] : new byte[0]);
    }

    private static void answer(Executor.Run run, Evaluation... evaluations) {
        assertEquals(run.programs().size(), evaluations.length, "evaluations for " + run.programs());
        run.replyTo().tell(new Executor.Results(run.jobId(), run.batch(), List.of(evaluations), null));
    }

    /** Answers a trace request as an executor does: the program's traces on the job's given examples. */
    private static Traces traceOnTheJobsExamples(String jobId, Executor.TraceRun trace) {
        Traces traces = JobCache.get(testKit.system()).decoded(jobId, trace.spec()).trace(trace.program());
        trace.replyTo().tell(new Executor.Traced(jobId, trace.request(), traces, null));
        return traces;
    }

    private static List<String> programs(Executor.Run run) {
        return run.programs().stream().map(Program::toString).toList();
    }

    @Test
    void expandsTheBestProgramByScoreThenProposerScoreAndEvaluatesNothingTwice() {
        Workers workers = new Workers(1);
        workers.start(new SearchSettings(Strategy.BEST_FIRST, 1, 100, 30_000, 4, 2, 1));
        workers.propose(true, A, B, C, D);
        Executor.Run first = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        assertEquals(List.of(A, B, C, D), programs(first));
        answer(first, passing(2), passing(3), passing(3), passing(1));

        // B and C pass three examples; B has the higher proposer score. An executor traces it first,
        // and its debugger gets those traces.
        Executor.TraceRun trace = workers.executors.get(0).expectMessageClass(Executor.TraceRun.class);
        assertEquals(B, trace.program().toString());
        Traces traces = traceOnTheJobsExamples(workers.jobId, trace);
        Debugger.Expand expand = workers.debugger.expectMessageClass(Debugger.Expand.class);
        assertEquals(B, expand.parent().toString());
        assertEquals(2, expand.max());
        assertEquals(traces, expand.traces());
        assertEquals(5, expand.traces().size());
        expand.replyTo().tell(new Debugger.Edited(workers.jobId, expand.expansion(),
                List.of(new Candidate<>(Program.of(KarelTasks.tokens(E)), 0), new Candidate<>(Program.of(KarelTasks.tokens(C)), 0)),
                null));

        Executor.Run second = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        assertEquals(List.of(E), programs(second), "C was evaluated already");
        answer(second, passing(0));

        JobResult result = workers.finished();
        assertEquals(JobState.UNSOLVED, result.state());
        assertEquals(StopReason.EXPANSION_BUDGET, result.stopReason());
        assertEquals(B, result.program());
        assertEquals(5, result.evaluated());
        assertEquals(6, result.proposed());
        assertEquals(1, result.expansions());
    }

    @Test
    void anAnswerEndsTheJobWithItsRealHeldOutResults() {
        Workers workers = new Workers(1);
        String answer = KarelTasks.KAREL.print(TASK.program());
        workers.start(KarelTasks.settings(Strategy.BEAM, 100, 30_000));
        // A round takes a whole batch (64): two short answers are gathered into one.
        workers.propose(false, A);
        workers.propose(true, answer);
        Executor.Run run = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        answer(run, passing(0), passing(5));
        JobResult result = workers.finished();
        assertEquals(JobState.SOLVED, result.state());
        assertEquals(StopReason.FOUND, result.stopReason());
        assertEquals(answer, result.program());
        assertEquals(5, result.givenPassed());
        assertEquals(1, result.heldoutPassed());
        assertEquals(1, result.heldoutTotal());
        workers.synthesizer.expectMessageClass(Synthesizer.Close.class);
    }

    @Test
    void theEvaluationBudgetLimitsWhatIsSentToExecutors() {
        Workers workers = new Workers(1);
        workers.start(new SearchSettings(Strategy.BEAM, 10, 3, 30_000, 4, 2, 1));
        workers.propose(false, A, B, C, D);
        Executor.Run run = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        assertEquals(List.of(A, B, C), programs(run));
        answer(run, passing(1), passing(0), passing(0));
        JobResult result = workers.finished();
        assertEquals(StopReason.EVALUATION_BUDGET, result.stopReason());
        assertEquals(A, result.program());
        assertEquals(3, result.evaluated());
    }

    @Test
    void theDeadlineEndsAJobWhoseWorkersAreSilent() {
        Workers workers = new Workers(1);
        long start = System.nanoTime();
        workers.start(KarelTasks.settings(Strategy.BEAM, 100, 300));
        workers.synthesizer.expectMessageClass(Synthesizer.Propose.class);
        JobResult result = workers.finished();
        assertEquals(JobState.UNSOLVED, result.state());
        assertEquals(StopReason.DEADLINE, result.stopReason());
        assertTrue(result.millis() >= 300 && (System.nanoTime() - start) / 1_000_000 < 5_000, result.toString());
    }

    @Test
    void cancelEndsTheJobAndClosesItsStream() {
        Workers workers = new Workers(1);
        ActorRef<JobCoordinator.Command> coordinator = workers.start(KarelTasks.settings(Strategy.BEAM, 100, 30_000));
        workers.synthesizer.expectMessageClass(Synthesizer.Propose.class);
        coordinator.tell(new JobCoordinator.Cancel("cancelled by request"));
        JobResult result = workers.finished();
        assertEquals(JobState.CANCELLED, result.state());
        assertEquals("cancelled by request", result.message());
        workers.synthesizer.expectMessageClass(Synthesizer.Close.class);
    }

    @Test
    void batchesSpreadOverExecutorsAndThoseOfALostExecutorAreSentAgain() {
        Workers workers = new Workers(2);
        workers.start(new SearchSettings(Strategy.BEAM, 10, 100, 30_000, 4, 2, 1));
        workers.propose(true, A, B, C, D);
        Executor.Run toFirst = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        Executor.Run toSecond = workers.executors.get(1).expectMessageClass(Executor.Run.class);
        assertEquals(2, toFirst.programs().size());
        assertEquals(2, toSecond.programs().size());
        answer(toFirst, passing(0), passing(0));

        // The second executor leaves (its node went away) without answering.
        testKit.system().receptionist().tell(Receptionist.deregister(Executor.SERVICE_KEY,
                workers.executors.get(1).getRef()));
        Executor.Run again = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        assertEquals(toSecond.programs(), again.programs());
        answer(again, passing(1), passing(0));
        JobResult result = workers.finished();
        assertEquals(StopReason.EXHAUSTED, result.stopReason());
        assertEquals(4, result.evaluated());
        assertEquals(programs(again).get(0), result.program());
    }

    @Test
    void aTracerThatLeavesIsReplacedAndItsLateAnswerIgnored() {
        Workers workers = new Workers(2);
        workers.start(new SearchSettings(Strategy.BEST_FIRST, 1, 100, 30_000, 2, 2, 1));
        workers.propose(true, A);
        Executor.Run run = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        answer(run, passing(3));
        Executor.TraceRun lost = workers.executors.get(1).expectMessageClass(Executor.TraceRun.class);
        assertEquals(A, lost.program().toString());

        testKit.system().receptionist().tell(Receptionist.deregister(Executor.SERVICE_KEY,
                workers.executors.get(1).getRef()));
        Executor.TraceRun again = workers.executors.get(0).expectMessageClass(Executor.TraceRun.class);
        assertEquals(A, again.program().toString());
        lost.replyTo().tell(new Executor.Traced(workers.jobId, lost.request(), null, "too late, and ignored"));
        Traces traces = traceOnTheJobsExamples(workers.jobId, again);
        Debugger.Expand expand = workers.debugger.expectMessageClass(Debugger.Expand.class);
        assertEquals(traces, expand.traces());
        expand.replyTo().tell(new Debugger.Edited(workers.jobId, expand.expansion(), List.of(), null));
        assertEquals(StopReason.EXPANSION_BUDGET, workers.finished().stopReason());
    }

    @Test
    void anExecutorTracesAProgramOnTheJobsGivenExamples() throws Exception {
        // Its own system, so this executor never serves the other tests' jobs through the Receptionist.
        ActorTestKit own = ActorTestKit.create("executor", testKit.system().settings().config());
        try {
            ActorRef<Executor.Command> executor = own.spawn(Executor.create());
            TestProbe<Executor.Traced> replies = own.createTestProbe();
            JobSpec spec = KarelTasks.spec(TASK, KarelTasks.settings(Strategy.BEST_FIRST, 100, 30_000));
            executor.tell(new Executor.TraceRun("trace", spec, 9, Program.of(KarelTasks.tokens(E)), replies.getRef()));
            Executor.Traced traced = replies.receiveMessage();
            assertEquals(9, traced.request());
            assertNull(traced.error());
            // What arrives (through the serializer, as from another node) reads back into the domain's traces.
            KarelProgram program = KarelTasks.KAREL.parse(KarelTasks.tokens(E));
            List<Object> expected = new ArrayList<>();
            for (Example<KarelGrid, KarelGrid> example : KarelTasks.given(TASK)) {
                expected.add(KarelTasks.KAREL.trace(program, example.input()));
            }
            assertEquals(expected, List.copyOf(traced.traces().of(KarelTasks.KAREL)));
        } finally {
            own.shutdownTestKit();
        }
    }

    @Test
    void aFailingExecutorFailsTheJobWithItsMessage() {
        Workers workers = new Workers(1);
        workers.start(KarelTasks.settings(Strategy.BEAM, 100, 30_000));
        workers.propose(true, A);
        Executor.Run run = workers.executors.get(0).expectMessageClass(Executor.Run.class);
        run.replyTo().tell(new Executor.Results(run.jobId(), run.batch(), List.of(), "executor failed: boom"));
        JobResult result = workers.finished();
        assertEquals(JobState.FAILED, result.state());
        assertEquals("executor failed: boom", result.message());
    }
}
