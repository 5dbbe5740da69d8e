package lasso.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node with its metrics on: a solved job shows in GET /metrics, by role. */
class MetricsTest {

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of the first sample whose line starts with {@code prefix} (0 when there is none). */
    private static double sample(String text, String prefix) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Every lasso_ metric the Grafana dashboard queries is one the nodes export. */
    @Test
    void theDashboardQueriesExportedMetrics() throws Exception {
        Class.forName("lasso.model.synthesis.DecoderMetrics");  // registered when the decoder first runs
        Set<String> exported = new HashSet<>();
        PrometheusRegistry.defaultRegistry.scrape().forEach(snapshot -> exported.add(snapshot.getMetadata().getPrometheusName()));
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/lasso-dashboard.json").toFile());
        Set<String> queried = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher metric = Pattern.compile("\\b(lasso_[a-z_]+)").matcher(target.get("expr").asText());
                while (metric.find()) {
                    queried.add(metric.group(1).replaceAll("_(total|bucket|sum|count)$", ""));
                }
            }
        }
        assertTrue(queried.size() >= 10, queried.toString());
        queried.removeAll(exported);
        assertEquals(Set.of(), queried, "queried but not exported");
    }

    @Test
    void aSolvedJobShowsInTheMetrics() throws Exception {
        try (LassoRuntime runtime = LassoRuntime.start(ConfigFactory.parseMap(Map.of(
                "lasso.metrics.enabled", true, "lasso.metrics.port", 0,
                "lasso.search.proposers.karel", "enumerative")).withFallback(ConfigFactory.load()))) {
            int port = runtime.metricsPort().orElseThrow();
            String before = scrape(port);
            JobResult result = runtime.solve(KarelTasks.spec(KarelTasks.task(6, 1, 16),
                    KarelTasks.settings(Strategy.BEST_FIRST, 20_000, 60_000))).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(JobState.SOLVED, result.state(), result.toString());
            String node = runtime.system().address().toString();
            String idle = "lasso_jobs{node=\"" + node + "\",state=\"running\"} 0.0";
            // The job's entity tells the node's admission that it ended as it answers: wait for the gauge.
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String after;
            while (!(after = scrape(port)).contains(idle)) {
                assertTrue(System.nanoTime() < bound, "the running gauge never went back to 0: " + after);
                Thread.sleep(20);
            }

            assertEquals(1, sample(after, "lasso_jobs_accepted_total") - sample(before, "lasso_jobs_accepted_total"));
            assertEquals(1, sample(after, "lasso_jobs_finished_total{state=\"solved\"}")
                    - sample(before, "lasso_jobs_finished_total{state=\"solved\"}"));
            assertTrue(sample(after, "lasso_candidates_evaluated_total") - sample(before, "lasso_candidates_evaluated_total")
                    >= result.evaluated(), after);
            assertTrue(sample(after, "lasso_synthesizer_calls_total") > sample(before, "lasso_synthesizer_calls_total"));
            assertTrue(sample(after, "lasso_debugger_calls_total") - sample(before, "lasso_debugger_calls_total")
                    >= result.expansions());
            assertTrue(sample(after, "lasso_executor_batch_round_trip_seconds_count") > 0);
            assertTrue(sample(after, "lasso_job_seconds_count") > 0);
            assertTrue(after.contains("lasso_node_info{node=\"" + node + "\",roles=\"api,model,executor\"} 1.0"), after);
            assertTrue(after.contains("jvm_memory_used_bytes"), "the JVM's own metrics too");
        }
    }
}
