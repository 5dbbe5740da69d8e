package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every domain's traces survive JSON, as they do when they travel between nodes. */
class TraceJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDomainsTracesRoundTripThroughJsonText() throws Exception {
        assertEquals(3, Domains.all().size(), "karel, c and list are registered");
        for (Domain<?, ?, ?> domain : Domains.all()) {
            int traces = roundTrip(domain);
            assertTrue(traces >= 40, domain.name() + ": traces checked " + traces);
        }
    }

    /** A program that fails on an input, per domain: a crash, a bad index, a value out of range. */
    private static final Map<String, String[]> FAILING = Map.of(
            "karel", new String[] {"DEF run m( move move move m)",
                    "{\"guid\": \"f\", \"program_tokens\": [], \"examples\": [{\"example_index\": 0, \"inpgrid_json\":"
                            + " {\"rows\": 2, \"cols\": 2, \"hero\": \"0:0:east\", \"blocked\": \"\", \"markers\": \"\"}}]}"},
            "c", new String[] {"{ a[5] = 1; return a; }",
                    "{\"id\": \"f\", \"examples\": [{\"input\": [1, 2, 3, 4, 5]}]}"},
            "list", new String[] {"LIST|MAP,**2,0|MAP,**2,1",
                    "{\"id\": \"f\", \"program\": \"LIST\", \"examples\": [{\"inputs\": [[100]]}]}"});

    @Test
    void failedRunsRoundTripInEveryDomain() throws Exception {
        for (Domain<?, ?, ?> domain : Domains.all()) {
            String[] failing = FAILING.get(domain.name());
            assertTrue(failing != null, "a failing program for " + domain.name());
            failedRoundTrip(domain, failing[0], JSON.readTree(failing[1]));
        }
    }

    private static <P, I, O> void failedRoundTrip(Domain<P, I, O> domain, String program, JsonNode task)
            throws Exception {
        I input = domain.taskFormat().read(task).examples().get(0).input();
        Trace<?> trace = domain.trace(domain.parse(program), input);
        assertFalse(trace.success(), domain.name() + ": " + program + " fails");
        JsonNode text = JSON.readTree(JSON.writeValueAsString(domain.writeTrace(trace)));
        assertEquals(trace, domain.readTrace(text), domain.name());
    }

    /** Traces the programs of generated tasks and of their mutants; returns how many. */
    private static <P, I, O> int roundTrip(Domain<P, I, O> domain) throws Exception {
        TaskGenerator<P, I, O> generator = domain.generator(Map.of());
        SplittableRandom random = new SplittableRandom(7);
        int traces = 0;
        for (int task = 0; task < 8; task++) {
            TaskGenerator.Generated<P, I, O> generated = TaskGeneration.one(generator, 7, task).task();
            P mutant = domain.mutator().mutateChain(generated.program(), random).orElse(generated.program());
            for (P program : java.util.List.of(generated.program(), mutant)) {
                for (Example<I, O> example : generated.examples()) {
                    Trace<?> trace = domain.trace(program, example.input());
                    JsonNode text = JSON.readTree(JSON.writeValueAsString(domain.writeTrace(trace)));
                    assertEquals(trace, domain.readTrace(text), domain.name() + ": " + domain.print(program));
                    traces++;
                }
            }
        }
        return traces;
    }

    @Test
    void aDamagedTraceIsRefusedWithTheField() throws Exception {
        Domain<?, ?, ?> karel = Domains.named("karel");
        JsonNode damaged = JSON.readTree("{\"states\": [], \"events\": [{\"timestep\": 1, \"type\": \"move\","
                + " \"span\": [4], \"success\": true}], \"outcome\": {\"status\": \"error\", \"reason\": \"x\"}}");
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> karel.readTrace(damaged));
        assertEquals("trace: events[0].span must be [first, last]", e.getMessage());

        JsonNode badStatus = JSON.readTree("{\"states\": [], \"events\": [], \"outcome\": {\"status\": \"maybe\"}}");
        e = assertThrows(InvalidTaskException.class, () -> karel.readTrace(badStatus));
        assertFalse(e.getMessage().isEmpty());
        assertEquals("trace: outcome.status must be ok, error or timeout, not 'maybe'", e.getMessage());
    }
}
