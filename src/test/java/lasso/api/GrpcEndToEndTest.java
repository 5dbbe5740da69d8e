package lasso.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import lasso.api.v1.Example;
import lasso.api.v1.Job;
import lasso.api.v1.JobEvent;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.KarelExample;
import lasso.api.v1.KarelGrid;
import lasso.api.v1.KarelHero;
import lasso.api.v1.KarelDirection;
import lasso.api.v1.KarelMarkers;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.api.v1.SubmitRequest;
import lasso.api.v1.WatchRequest;
import lasso.cli.Lasso;
import lasso.domain.Task;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelProgram;
import lasso.runtime.KarelTasks;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real server on a localhost port (Netty), used as a client would: Solve, the solve command with
 * --server, the message size limit, and a shutdown that answers the calls in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcEndToEndTest {

    private static LassoRuntime runtime;
    private static LassoServer server;
    private static LassoClient client;

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString("lasso.coordinator.progress-interval = 50 ms")
                .withFallback(ConfigFactory.load()));
        server = LassoServer.listening(runtime, new ApiSettings("127.0.0.1", 0, 1 << 20, "")).start();
        client = LassoClient.connect("127.0.0.1:" + server.port(), "", 1 << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop(Duration.ofSeconds(5));
        runtime.close();
    }

    private static Job job(TaskGenerator.Generated<KarelProgram, lasso.domain.karel.KarelGrid, lasso.domain.karel.KarelGrid> task) {
        return JobRequests.toJob("karel", new Task<>("t", "", task.examples()),
                SearchOptions.newBuilder().setMaxEvaluated(20_000).build());
    }

    @Test
    @Order(1)
    void solvesOverTheNetwork() throws Exception {
        TaskGenerator.Generated<KarelProgram, lasso.domain.karel.KarelGrid, lasso.domain.karel.KarelGrid> task =
                KarelTasks.task(4, 3, 12);
        JobResult result = client.blocking().withDeadlineAfter(60, TimeUnit.SECONDS)
                .solve(SolveRequest.newBuilder().setJob(job(task)).build());
        assertEquals(JobState.SOLVED, result.getState(), result.toString());
        KarelProgram found = KarelTasks.KAREL.parse(result.getProgram());
        assertTrue(KarelTasks.given(task).stream().allMatch(e -> KarelTasks.KAREL.passes(found, e)));
    }

    @Test
    @Order(2)
    void requestsOverTheSizeLimitAreResourceExhausted() {
        KarelGrid.Builder big = KarelGrid.newBuilder().setRows(16).setCols(16)
                .setHero(KarelHero.newBuilder().setDirection(KarelDirection.EAST));
        for (int row = 0; row < 16; row++) {
            for (int col = 0; col < 16; col++) {
                big.addMarkers(KarelMarkers.newBuilder().setRow(row).setCol(col).setCount(5));
            }
        }
        Job.Builder huge = Job.newBuilder().setDomain("karel");
        for (int i = 0; i < 500; i++) {
            huge.addGiven(Example.newBuilder().setKarel(KarelExample.newBuilder().setInput(big).setOutput(big)));
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.blocking().submit(SubmitRequest.newBuilder().setJob(huge).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getMessage());
    }

    @Test
    @Order(3)
    void theSolveCommandWritesOneResultLinePerTask(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("tasks.jsonl");
        Path results = dir.resolve("results.jsonl");
        assertEquals(0, Lasso.run("generate", "--domain", "karel", "--count", "3", "--seed", "5", "--out",
                tasks.toString(), "--set", "max-tokens=10", "--set", "max-rows=6", "--set", "max-cols=6"));
        Files.writeString(tasks, Files.readString(tasks) + "{\"guid\": \"broken\"}\n");
        int exit = Lasso.run("solve", "--domain", "karel", "--tasks", tasks.toString(), "--out", results.toString(),
                "--server", "127.0.0.1:" + server.port(), "--strategy", "beam", "--budget", "evaluated=20000",
                "--budget", "deadline=30s");
        assertEquals(1, exit, "one task could not be read");
        List<String> lines = Files.readAllLines(results);
        assertEquals(4, lines.size());
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(tasks)) {
            ids.add(json.readTree(line).get("guid").asText());
        }
        for (int i = 0; i < 3; i++) {
            JsonNode result = json.readTree(lines.get(i));
            assertEquals(ids.get(i), result.get("id").asText());
            assertEquals("solved", result.get("status").asText(), result.toString());
            for (String field : List.of("program", "given_passed", "given_total", "heldout_passed", "heldout_total",
                    "expansions", "evaluated", "millis")) {
                assertTrue(result.has(field), field + " in " + result);
            }
            assertEquals(5, result.get("given_passed").asInt());
            assertEquals(1, result.get("heldout_total").asInt());
            KarelTasks.KAREL.parse(result.get("program").asText());
        }
        JsonNode broken = json.readTree(lines.get(3));
        assertEquals("broken", broken.get("id").asText());
        assertEquals("error", broken.get("status").asText());
        assertTrue(broken.get("message").asText().contains("program_tokens"), broken.toString());
    }

    /** What SIGTERM does: calls in flight are answered, the jobs cancelled, nothing dropped. */
    @Test
    @Order(4)
    void shutdownAnswersTheCallsInFlight() throws Exception {
        Job job = job(KarelTasks.task(2, 0, 12));
        Job clash = job.toBuilder().clearGiven().addGiven(job.getGiven(0)).addGiven(Example.newBuilder()
                .setKarel(KarelExample.newBuilder().setInput(job.getGiven(0).getKarel().getInput())
                        .setOutput(job.getGiven(1).getKarel().getOutput()))).clearHeldout()
                .setOptions(SearchOptions.newBuilder().setDeadlineMillis(120_000)).build();
        CompletableFuture<Throwable> solve = new CompletableFuture<>();
        client.async().solve(SolveRequest.newBuilder().setJob(clash).build(), observer(solve, r -> { }));
        String watched = client.blocking().submit(SubmitRequest.newBuilder().setJob(clash).build()).getJobId();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> watch = new CompletableFuture<>();
        client.async().watch(WatchRequest.newBuilder().setJobId(watched).build(), observer(watch, events::add));
        // No fixed pause: wait until the watched job, submitted after the Solve, has evaluated programs.
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events.stream().noneMatch(e -> e.hasProgress() && e.getProgress().getEvaluated() > 0)) {
            assertTrue(System.nanoTime() < bound, "the watched job searches: " + events);
            Thread.sleep(20);
        }

        server.stop(Duration.ofSeconds(10));

        Throwable solveFailure = solve.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.CANCELLED, Status.fromThrowable(solveFailure).getCode(), String.valueOf(solveFailure));
        assertTrue(Status.fromThrowable(solveFailure).getDescription().contains("shutting down"));
        assertEquals(null, watch.get(10, TimeUnit.SECONDS), "the watch completes normally");
        JobEvent last = events.get(events.size() - 1);
        assertEquals(JobState.CANCELLED, last.getResult().getState());
        assertEquals("the server is shutting down", last.getResult().getMessage());
    }

    /** Completes with the call's error, or null when it completed normally. */
    private static <T> StreamObserver<T> observer(CompletableFuture<Throwable> end, java.util.function.Consumer<T> each) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                each.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                end.complete(t);
            }

            @Override
            public void onCompleted() {
                end.complete(null);
            }
        };
    }
}
