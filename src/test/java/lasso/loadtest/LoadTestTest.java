package lasso.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import lasso.api.ApiSettings;
import lasso.api.JobRequests;
import lasso.api.LassoServer;
import lasso.api.v1.Job;
import lasso.api.v1.SearchOptions;
import lasso.cli.Lasso;
import lasso.domain.Example;
import lasso.domain.Task;
import lasso.domain.karel.KarelGrid;
import lasso.runtime.KarelTasks;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadTestTest {

    @TempDir
    Path dir;

    /** Tasks no program solves (one input, two outputs): each job runs until its budget of programs. */
    private static List<Job> slowJobs(int count) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Example<KarelGrid, KarelGrid>> examples = new ArrayList<>(KarelTasks.task(41, i, 10).examples());
            examples.set(1, new Example<>(examples.get(0).input(), examples.get(1).output(), false));
            jobs.add(JobRequests.toJob("karel", new Task<>("slow-" + i, "", examples), SearchOptions.newBuilder()
                    .setStrategy(lasso.api.v1.Strategy.BEAM).setMaxEvaluated(3000).setDeadlineMillis(120_000).build()));
        }
        return jobs;
    }

    /**
     * A node that runs one job at a time, on one executor, is offered 20 jobs/s: the jobs queue up at the
     * node, but the generator still sends every one on its schedule, and every one is answered.
     */
    @Test
    void aSlowServerDoesNotSlowTheOfferedLoad() throws Exception {
        try (LassoRuntime runtime = LassoRuntime.start(ConfigFactory.parseMap(Map.of(
                "lasso.jobs.max-running", 1, "lasso.jobs.max-queued", 1000, "lasso.workers.executors", 1,
                "lasso.workers.synthesizers", 1, "lasso.workers.debuggers", 1,
                "lasso.search.proposers.karel", "enumerative")).withFallback(ConfigFactory.load()))) {
            LassoServer server = LassoServer.listening(runtime, new ApiSettings("127.0.0.1", 0, 1 << 20, "")).start();
            try {
                LoadTest test = new LoadTest("127.0.0.1:" + server.port(), "", null, slowJobs(5), List.of(20.0),
                        Arrivals.Kind.FIXED, Duration.ofMillis(1500), Duration.ofMinutes(3), Duration.ZERO,
                        Optional.empty(), 0, 1);
                StepResult step = test.run(result -> { }).steps().get(0);
                assertEquals(30, step.sent(), "1.5 s at 20 jobs/s, whatever the server does");
                assertTrue(step.maxOutstanding() >= 10, "jobs piled up at a server that runs one at a time: " + step);
                assertTrue(step.offeredRate() >= 10, "the offered rate stayed far above what the server answers: " + step);
                assertEquals(30, step.accepted());
                assertEquals(30, step.answered());
                assertEquals(0, step.lost());
                assertEquals(Map.of(), step.errors());
                assertTrue(step.p50Millis() <= step.p90Millis() && step.p90Millis() <= step.p99Millis()
                        && step.p99Millis() <= step.maxMillis(), step.toString());
            } finally {
                server.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void theReportHasTheSchemaAndNamesTheHighestRateWithinTheBound() throws Exception {
        Path tasks = dir.resolve("tasks.jsonl");
        assertEquals(0, Lasso.run("generate", "--domain", "karel", "--count", "10", "--seed", "3", "--set", "max-rows=6",
                "--set", "max-cols=6", "--set", "max-tokens=10", "--out", tasks.toString()));
        Path config = dir.resolve("node.conf");
        Files.writeString(config, "lasso.search.proposers.karel = enumerative\n");
        Path out = dir.resolve("report");
        assertEquals(0, Lasso.run("loadtest", "--target", "embedded", "--config", config.toString(), "--domain", "karel",
                "--tasks", tasks.toString(), "--rates", "3,6", "--step", "1s", "--arrivals", "fixed", "--slo", "60s",
                "--strategy", "beam", "--budget", "evaluated=2000", "--out", out.toString()));
        ObjectMapper json = new ObjectMapper();
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertEquals(Set.of("steps"), fields(report));
        assertEquals(2, report.get("steps").size());
        for (JsonNode step : report.get("steps")) {
            assertEquals(Set.of("offered_rate", "achieved_rate", "p50_ms", "p90_ms", "p99_ms", "max_ms", "accepted",
                    "answered", "errors", "lost"), fields(step));
            assertTrue(step.get("errors").isObject());
            assertEquals(0, step.get("lost").asLong());
            assertEquals(step.get("accepted").asLong(), step.get("answered").asLong());
            assertTrue(step.get("offered_rate").asDouble() > 0 && step.get("achieved_rate").asDouble() > 0, step.toString());
        }
        assertEquals(3, report.get("steps").get(0).get("accepted").asLong(), "1 s at 3 jobs/s");
        assertEquals(6.0, json.readTree(out.resolve("slo.json").toFile()).get("max_rate_within_slo").asDouble());
        assertTrue(Files.readString(out.resolve("report.md")).contains("Highest rate within p99 ≤ 60000 ms"));
        assertTrue(Files.size(out.resolve("latency-vs-rate.png")) > 0);
    }

    @Test
    void aStepIsWithinTheBoundOnlyWhenEveryJobIsAnswered() {
        StepResult clean = new StepResult(10, 10, 10, 100, 200, 900, 1000, 50, 50, 50, Map.of(), 0, 5, 1);
        assertTrue(clean.within(1000));
        assertTrue(!clean.within(800), "p99 over the bound");
        assertTrue(!new StepResult(10, 10, 9, 100, 200, 900, 1000, 50, 45, 45, Map.of("RESOURCE_EXHAUSTED", 5L), 0, 5, 1)
                .within(1000), "refused jobs");
        assertTrue(!new StepResult(10, 10, 9, 100, 200, 900, 1000, 50, 50, 49, Map.of(), 1, 5, 1).within(1000), "a lost job");
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
