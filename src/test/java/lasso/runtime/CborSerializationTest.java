package lasso.runtime;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Trace;
import lasso.search.Admitted;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.Expansion;
import lasso.search.SearchSettings;
import lasso.search.ShardReport;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.NotSerializableException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every message that may cross nodes goes through Akka's Jackson CBOR serializer (Akka 2.8.6 with
 * Jackson 2.18) and comes back equal, but the async frontier's candidates, credit and statuses
 * ({@link ShardMessageSerializerTest}); Java serialization is refused.
 */
class CborSerializationTest {

    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("cbor", ConfigFactory.load());
        serialization = SerializationExtension.get(testKit.system().classicSystem());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Object roundTrip(Object message) throws NotSerializableException {
        var serializer = serialization.findSerializerFor(message);
        assertEquals("akka.serialization.jackson.JacksonCborSerializer", serializer.getClass().getName());
        byte[] bytes = serialization.serialize(message).get();
        String manifest = Serializers.manifestFor(serializer, message);
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }

    private static final SearchSettings SETTINGS = new SearchSettings(Strategy.GREEDY, 10, 100, 5000, 8, 4, 42);
    private static final JobSpec SPEC = new JobSpec("karel", "task-1", "{\"examples\":[]}", 5, 1, SETTINGS);

    @Test
    void workerProtocolsRoundTrip() throws Exception {
        TestProbe<Executor.Results> results = testKit.createTestProbe();
        TestProbe<Synthesizer.Proposed> proposed = testKit.createTestProbe();
        TestProbe<Debugger.Edited> edited = testKit.createTestProbe();
        List<Program> programs = List.of(Program.parsed(List.of("DEF", "run", "m(", "move", "m)"), new Object()),
                Program.of(List.of("x")));
        Evaluation evaluation = new Evaluation(true, new byte[] {0, 1, 2, 3, 0}, new byte[] {0});
        TestProbe<Executor.Traced> traced = testKit.createTestProbe();
        TestProbe<JobRegistry.Submitted> submitted = testKit.createTestProbe();
        Domain<?, ?, ?> karel = Domains.named("karel");
        List<Trace<?>> recorded = List.of(karelTrace(karel, "DEF run m( move putMarker m)"),
                karelTrace(karel, "DEF run m( move move move m)"));
        Traces traces = Traces.made(karel, recorded);

        List<Object> messages = List.of(
                SPEC,
                new Executor.Run("j", SPEC, 3, programs, results.getRef()),
                new Executor.Results("j", 3, List.of(evaluation, Evaluation.invalid(5)), null),
                new Synthesizer.Propose("j", SPEC, 2, 64, proposed.getRef()),
                new Synthesizer.Proposed("j", 2, List.of(new Candidate<>(programs.get(0), -5.0)), true, null),
                new Synthesizer.Close("j"),
                new Executor.TraceRun("j", SPEC, 4, programs.get(0), traced.getRef()),
                new Executor.Traced("j", 4, traces, null),
                new Debugger.Expand("j", SPEC, 7, programs.get(0), -5.0, traces, 32, 99L, edited.getRef()),
                new Debugger.Edited("j", 7, List.of(new Candidate<>(programs.get(1), -1.0)), "boom"),
                new JobResult("j", "task-1", JobState.SOLVED, StopReason.FOUND, Strategy.BEAM, programs.get(0).tokens(),
                        "DEF run m( move m)", 5, 5, 1, 1, 0, 12, 40, 12, 1, 150, ""),
                new JobCoordinator.Cancel("by request"),
                new JobRegistry.Submit(SPEC, "alice", "key-1", submitted.getRef()),
                new JobRegistry.Submit(SPEC, null, "", submitted.getRef()),
                new JobRegistry.Submitted(null, JobRegistry.Refusal.CAPACITY, "client alice is at its quota"));
        for (Object message : messages) {
            assertEquals(message, roundTrip(message), message.getClass().getSimpleName());
        }
        // A program's parsed form stays in its JVM; only the tokens travel.
        Debugger.Expand expand = (Debugger.Expand) roundTrip(messages.get(8));
        assertEquals(programs.get(0).tokens(), expand.parent().tokens());
        assertNull(expand.parent().parsedOrNull());
        // Traces travel as JSON and read back, on the other node, into the traces that were recorded.
        assertEquals(recorded, expand.traces().of(karel));
        assertFalse(recorded.get(1).success());
    }

    /** The frontier shards' and the durable jobs' messages, and the jobs' journal events and state. */
    @Test
    void shardAndJobProtocolsRoundTrip() throws Exception {
        TestProbe<FrontierShardEntity.Answer> answers = testKit.createTestProbe();
        TestProbe<JobRegistry.Command> registry = testKit.createTestProbe();
        TestProbe<JobEntity.Accepted> accepted = testKit.createTestProbe();
        TestProbe<JobEntity.Lookup> lookups = testKit.createTestProbe();
        TestProbe<JobEntity.Command> job = testKit.createTestProbe();
        TestProbe<AsyncShardEntity.Command> shards = testKit.createTestProbe();
        Program program = Program.of(List.of("DEF", "run", "m(", "move", "m)"));
        Evaluation evaluation = new Evaluation(true, new byte[] {0, 1, 2, 3, 0}, new byte[0]);
        Admitted<Program> admitted = new Admitted<>(1L << 32 | 5, program, -2.5, true);
        Evaluated<Program> evaluated = new Evaluated<>(admitted, evaluation);
        JobResult result = new JobResult("j", "task-1", JobState.RUNNING, null, Strategy.BEST_FIRST, program.tokens(),
                "DEF run m( move m)", 3, 5, 0, 1, 4, 120, 300, 120, 2, 900, "");
        List<Object> messages = List.of(
                new FrontierShardEntity.Open(SPEC, 2, answers.getRef()),
                new FrontierShardEntity.Expand(7, List.of(0, 2), List.of(new Expansion<>(1, 9, evaluated)),
                        answers.getRef()),
                new FrontierShardEntity.Offer(7, List.of(admitted), true, false, answers.getRef()),
                new FrontierShardEntity.Keep(7, 1L << 32 | 9, answers.getRef()),
                new FrontierShardEntity.Close(),
                new FrontierShardEntity.Expanded(1, 7, 2, List.of(new Candidate<>(program, -1.0))),
                new FrontierShardEntity.Fresh(1, 7, List.of(admitted)),
                new FrontierShardEntity.Reported(1, new ShardReport<>(7, 1, evaluated, null, List.of(evaluated), 12, 4000), 3),
                new FrontierShardEntity.Lost(1, "gone", false),
                new AsyncShardEntity.Open(SPEC, 4, 1, answers.getRef()),
                new AsyncShardEntity.Close(answers.getRef()),
                new AsyncShardEntity.Opened(2, shards.getRef()),
                new AsyncShardEntity.Peers(List.of(shards.getRef(), testKit.<AsyncShardEntity.Command>createTestProbe().getRef())),
                new JobEntity.Accept(SPEC, "client-1", true, registry.getRef(), accepted.getRef()),
                new JobEntity.Accepted("j", true, true, false),
                new JobEntity.Start(testKit.<akka.Done>createTestProbe().getRef()),
                new JobEntity.Start(null),
                new JobEntity.Expire(),
                new JobEntity.Get(lookups.getRef()),
                new JobEntity.Watch(testKit.<JobResult>createTestProbe().getRef(), lookups.getRef()),
                new JobEntity.Cancel("by request", lookups.getRef()),
                new JobEntity.Lookup(result, job.getRef()),
                new JobEntity.Progressed(result),
                new JobEntity.Finished(result),
                new JobEntity.AttemptLost("a node left"),
                new JobEntity.Submitted(SPEC, "client-1", "akka://lasso/user/jobs", 1_700_000_000_000L),
                new JobEntity.Started(2, "a node left"),
                new JobEntity.Progress(result),
                new JobEntity.Ended(result),
                new JobEntity.Record(JobEntity.Status.RUNNING, SPEC, null, "akka://lasso/user/jobs", 1L, 2, result),
                new JobRegistry.Ended("j", "client-1"));
        for (Object message : messages) {
            assertEquals(message, roundTrip(message), message.getClass().getSimpleName());
        }
    }

    /** A job's events and state are in journals under their manifests: moving a class would orphan them. */
    @Test
    void aJobsJournaledClassesKeepTheirManifests() {
        JobResult result = JobResult.queued("j", SPEC);
        List<Object> journaled = List.of(new JobEntity.Submitted(SPEC, "c", "r", 1L), new JobEntity.Started(1, ""),
                new JobEntity.Progress(result), new JobEntity.Ended(result),
                new JobEntity.Record(JobEntity.Status.QUEUED, SPEC, "c", "r", 1L, 0, result));
        List<String> manifests = journaled.stream()
                .map(event -> Serializers.manifestFor(serialization.findSerializerFor(event), event)).toList();
        assertEquals(List.of("lasso.runtime.JobEntity$Submitted", "lasso.runtime.JobEntity$Started",
                "lasso.runtime.JobEntity$Progress", "lasso.runtime.JobEntity$Ended", "lasso.runtime.JobEntity$Record"),
                manifests);
    }

    private static Trace<?> karelTrace(Domain<?, ?, ?> karel, String program) throws Exception {
        return trace(karel, program, "{\"guid\": \"t\", \"program_tokens\": [], \"examples\": [{\"example_index\": 0,"
                + " \"inpgrid_json\": {\"rows\": 3, \"cols\": 3, \"hero\": \"0:0:east\", \"blocked\": \"\","
                + " \"markers\": \"\"}}]}");
    }

    private static <P, I, O> Trace<?> trace(Domain<P, I, O> domain, String program, String task) throws Exception {
        I input = domain.taskFormat().read(new ObjectMapper().readTree(task))
                .examples().get(0).input();
        return domain.trace(domain.parse(program), input);
    }

    @Test
    void javaSerializationIsOff() {
        assertThrows(Exception.class, () -> serialization.serialize(new java.util.ArrayList<>(List.of(1))).get());
    }
}
