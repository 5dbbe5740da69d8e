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
import lasso.search.Candidate;
import lasso.search.Evaluation;
import lasso.search.SearchSettings;
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
 * Jackson 2.18) and comes back equal; Java serialization is refused.
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
        TestProbe<JobRegistry.Listed> listed = testKit.createTestProbe();
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
                        "DEF run m( move m)", 5, 5, 1, 1, 0, 12, 40, 150, ""),
                new JobCoordinator.Cancel("by request"),
                new JobRegistry.ListJobs(10, 99, java.util.Set.of(JobState.RUNNING, JobState.QUEUED), listed.getRef()),
                new JobRegistry.Listed(List.of(new JobResult("j", "task-1", JobState.RUNNING, null, Strategy.BEAM,
                        List.of(), "", 0, 5, 0, 1, 0, 12, 40, 150, "")), 7),
                new JobRegistry.Submit(SPEC, "alice", submitted.getRef()),
                new JobRegistry.Submit(SPEC, submitted.getRef()),
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
