package lasso.api;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.Example;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.IntList;
import lasso.api.v1.IntListExample;
import lasso.api.v1.Job;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.KarelExample;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.ListExample;
import lasso.api.v1.ListValue;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.api.v1.StopReason;
import lasso.api.v1.Strategy;
import lasso.api.v1.SubmitRequest;
import lasso.api.v1.WatchRequest;
import lasso.domain.Task;
import lasso.runtime.KarelTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The abuse suite: a real server in a child JVM with a 512 MB heap (exiting on any
 * OutOfMemoryError), warmed up, takes every finding of the hostile-input review at once from one
 * client, over the network: sizes and numbers that once killed or starved it, ids that broke HTTP/2,
 * a flood of long jobs, a message over the size limit. Meanwhile and afterwards another client's
 * normal job is solved within its deadline, and the server stays up, healthy and within a memory bound;
 * the flood's jobs, expanding with the fast random mutations, end on the node's bound on programs held
 * ({@code MEMORY_BUDGET}) instead of filling the heap.
 */
class HostileClientTest {

    /** Resident memory the server may reach: the heap's 512 MB, PyTorch and the models (about 400 MB idle). */
    private static final long MAX_RSS_BYTES = 1536L << 20;
    private static final Pattern SERVING = Pattern.compile("serving \\S+ on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path folder;
    private static Process server;
    private static Path log;
    private static String target;
    private static LassoClient hostile;
    private static LassoClient normal;

    @BeforeAll
    static void start() throws Exception {
        Path config = folder.resolve("hostile.conf");
        Files.writeString(config, """
                lasso.grpc.token = ""
                lasso.grpc.clients { hostile = "hostile-token", normal = "normal-token" }
                lasso.coordinator.progress-interval = 100 ms
                # The flood's Karel jobs expand with the random mutations, 12-37 times faster than the shipped
                # debugger: they reach the node's bound on programs held within the test (with them, a job's
                # memory once grew until the server died of OutOfMemoryError).
                lasso.search.editors.karel = mutation
                """);
        log = folder.resolve("server.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        server = new ProcessBuilder(java, "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), "lasso.cli.Lasso",
                "serve", "--port", "0", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Matcher serving = SERVING.matcher("");
        while (!serving.reset(Files.readString(log)).find()) {
            assertTrue(server.isAlive(), "the server starts: " + Files.readString(log));
            assertTrue(System.nanoTime() < bound, "the server listens within 3 minutes: " + Files.readString(log));
            Thread.sleep(100);
        }
        target = "127.0.0.1:" + serving.group(1);
        hostile = LassoClient.connect(target, "hostile-token", 32 << 20);
        normal = LassoClient.connect(target, "normal-token", 32 << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hostile != null) {
            hostile.close();
            normal.close();
        }
        if (server != null) {
            server.destroy(); // SIGTERM: the server answers its jobs and stops
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theServerSurvivesEveryFindingAndKeepsSolvingNormalJobs() throws Exception {
        awaitServing();
        // Eight jobs with the largest budgets: four run (the client's quota) until cancelled, and the four
        // with short deadlines wait in the queue until their deadlines end them there.
        List<String> flood = new ArrayList<>();
        SearchOptions huge = SearchOptions.newBuilder().setDeadlineMillis(600_000).setMaxEvaluated(1_000_000_000)
                .setBatchSize(4096).setEditsPerExpansion(1024).build();
        for (int i = 0; i < 4; i++) {
            flood.add(submit(hostile, unsolvable(huge)));
        }
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(submit(hostile, unsolvable(huge.toBuilder().setDeadlineMillis(2_000).build())));
        }
        // A C job at the example limit from the other client, whose neural decode is cut when it ends.
        String atTheLimit = submit(normal, cJob(100, SearchOptions.newBuilder().setDeadlineMillis(3_000).build()));
        for (int i = 0; i < 20; i++) { // watches opened and left unread
            hostile.blocking().watch(WatchRequest.newBuilder().setJobId(flood.get(i % 4)).build()).next();
        }

        refused(Status.Code.INVALID_ARGUMENT, "lasso.limits.max-batch-size", job -> job.setOptions(
                SearchOptions.newBuilder().setBatchSize(1_000_000_000)));
        expect(Status.Code.INVALID_ARGUMENT, "lasso.limits.max-batch-size", () -> hostile.blocking().solve(SolveRequest
                .newBuilder().setJob(karelJob().toBuilder().setOptions(SearchOptions.newBuilder()
                        .setBatchSize(Integer.MAX_VALUE))).build()));
        refused(Status.Code.INVALID_ARGUMENT, "lasso.limits.max-batch-size", cJob(5, SearchOptions.newBuilder()
                .setBatchSize(1 << 30).build()));
        for (long deadline : new long[] {Long.MAX_VALUE, 10_000_000_000_000L, 1_000_000_000_000L}) {
            refused(Status.Code.INVALID_ARGUMENT, "lasso.limits.max-deadline", job -> job.setOptions(
                    SearchOptions.newBuilder().setDeadlineMillis(deadline)));
        }
        refused(Status.Code.INVALID_ARGUMENT, "lasso.limits.max-examples", cJob(20_000, SearchOptions.getDefaultInstance()));
        refused(Status.Code.INVALID_ARGUMENT, "lasso.limits.max-examples", job -> {
            for (int i = 0; i < 2_000; i++) {
                job.addGiven(job.getGiven(0));
            }
        });
        refused(Status.Code.INVALID_ARGUMENT, "job.domain: unknown domain 'dddd", job -> job.setDomain("d".repeat(8192)));
        String longId = "j".repeat(8192);
        expect(Status.Code.INVALID_ARGUMENT, "job_id: 'jjjj", () -> hostile.blocking().getResult(
                GetResultRequest.newBuilder().setJobId(longId).build()));
        expect(Status.Code.INVALID_ARGUMENT, "job_id: 'jjjj", () -> hostile.blocking().watch(
                WatchRequest.newBuilder().setJobId(longId).build()).next());
        refused(Status.Code.INVALID_ARGUMENT, "types [LIST] differ from examples[0]'s [INT]", mixedListJob());
        tooLarge(karelJob().toBuilder().setLabel("x".repeat(17 << 20)).build());
        // A lowercase scheme is a bearer token all the same.
        Metadata lowercase = new Metadata();
        lowercase.put(ClientAuthentication.AUTHORIZATION, "bearer hostile-token");
        expect(Status.Code.NOT_FOUND, "no job", () -> LassoGrpc.newBlockingStub(hostileChannel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(lowercase))
                .getResult(GetResultRequest.newBuilder().setJobId("none").build()));

        // Another client's job is solved within its deadline while the four long jobs search.
        JobResult solved = solveNormally();
        assertEquals(JobState.SOLVED, solved.getState(), solved.toString());
        for (String jobId : queued) {
            JobResult ended = awaitEnd(jobId);
            assertEquals(JobState.UNSOLVED, ended.getState(), ended.toString());
            assertEquals(StopReason.DEADLINE, ended.getStopReason());
            assertEquals(0, ended.getEvaluated(), "it never ran: " + ended);
        }
        assertEquals(StopReason.DEADLINE, awaitEnd(atTheLimit).getStopReason());
        JobResult bounded = awaitMemoryBound(flood);
        assertEquals(JobState.UNSOLVED, bounded.getState(), bounded.toString());
        assertTrue(bounded.getMessage().startsWith("memory budget: ") && !bounded.getProgram().isEmpty(),
                "ended on the bound with its best program: " + bounded);

        assertTrue(server.isAlive(), "the server is up: " + Files.readString(log));
        awaitServing();
        long rss = residentBytes();
        assertTrue(rss <= MAX_RSS_BYTES, "resident memory " + (rss >> 20) + " MB, at most " + (MAX_RSS_BYTES >> 20));
        for (String jobId : flood) {
            // Searching all along, or ended by the node's bound on programs held (lasso.limits.max-held-programs).
            JobResult result = hostile.blocking().getResult(GetResultRequest.newBuilder().setJobId(jobId).build());
            assertTrue(result.getState() == JobState.RUNNING || result.getStopReason() == StopReason.MEMORY_BUDGET
                    && result.getState() == JobState.UNSOLVED && result.getMessage().startsWith("memory budget: "),
                    "the long jobs were searching all along or ended on the memory bound: " + result);
            hostile.blocking().cancel(CancelRequest.newBuilder().setJobId(jobId).build());
        }
    }

    private static io.grpc.Channel hostileChannel() {
        return hostile.blocking().getChannel();
    }

    private static void awaitServing() throws Exception {
        HealthCheckRequest lasso = HealthCheckRequest.newBuilder().setService(LassoGrpc.SERVICE_NAME).build();
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (HealthGrpc.newBlockingStub(hostileChannel()).check(lasso).getStatus()
                != HealthCheckResponse.ServingStatus.SERVING) {
            assertTrue(server.isAlive() && System.nanoTime() < bound, "the models warm: " + Files.readString(log));
            Thread.sleep(200);
        }
    }

    /** The normal client's Karel job, solvable by a beam search well within its minute. */
    private static JobResult solveNormally() {
        Job job = JobRequests.toJob("karel", new Task<>("normal", "", KarelTasks.task(9, 1, 12).examples()),
                SearchOptions.newBuilder().setStrategy(Strategy.BEAM).setMaxEvaluated(20_000).setDeadlineMillis(60_000)
                        .build());
        return normal.blocking().withDeadlineAfter(120, TimeUnit.SECONDS).solve(SolveRequest.newBuilder().setJob(job).build());
    }

    private static Job karelJob() {
        return JobRequests.toJob("karel", new Task<>("k", "", KarelTasks.task(3, 0, 10).examples()),
                SearchOptions.getDefaultInstance());
    }

    /** A Karel job no program solves (one input, two outputs). */
    private static Job unsolvable(SearchOptions options) {
        Job job = karelJob();
        Example clash = Example.newBuilder().setKarel(KarelExample.newBuilder()
                .setInput(job.getGiven(0).getKarel().getInput()).setOutput(job.getGiven(1).getKarel().getOutput())).build();
        return job.toBuilder().clearGiven().addGiven(job.getGiven(0)).addGiven(clash).clearHeldout().setOptions(options)
                .build();
    }

    /** A C job of random arrays (no program maps them). */
    private static Job cJob(int examples, SearchOptions options) {
        Random random = new Random(examples);
        Job.Builder job = Job.newBuilder().setDomain("c").setOptions(options);
        for (int i = 0; i < examples; i++) {
            job.addGiven(Example.newBuilder().setIntList(IntListExample.newBuilder()
                    .setInput(array(random)).setOutput(array(random))));
        }
        return job.build();
    }

    private static IntList array(Random random) {
        IntList.Builder list = IntList.newBuilder();
        for (int k = 0; k < 5; k++) {
            list.addValues(random.nextInt(9) - 4);
        }
        return list.build();
    }

    private static Job mixedListJob() {
        ListValue one = ListValue.newBuilder().setIntValue(1).build();
        ListValue list = ListValue.newBuilder().setListValue(IntList.newBuilder().addValues(1)).build();
        return Job.newBuilder().setDomain("list")
                .addGiven(Example.newBuilder().setList(ListExample.newBuilder().addInputs(one).setOutput(one)))
                .addGiven(Example.newBuilder().setList(ListExample.newBuilder().addInputs(list).setOutput(one))).build();
    }

    private static String submit(LassoClient client, Job job) {
        return client.blocking().submit(SubmitRequest.newBuilder().setJob(job).build()).getJobId();
    }

    private static JobResult awaitEnd(String jobId) throws InterruptedException {
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JobResult result = hostile.blocking().getResult(GetResultRequest.newBuilder().setJobId(jobId).build());
            if (result.getState() != JobState.QUEUED && result.getState() != JobState.RUNNING) {
                return result;
            }
            assertTrue(System.nanoTime() < bound, "job " + jobId + " ends: " + result);
            Thread.sleep(100);
        }
    }

    /** The first of the jobs to end on the node's bound on programs held (the others may still search). */
    private static JobResult awaitMemoryBound(List<String> jobIds) throws InterruptedException {
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            for (String jobId : jobIds) {
                JobResult result = hostile.blocking().getResult(GetResultRequest.newBuilder().setJobId(jobId).build());
                if (result.getStopReason() == StopReason.MEMORY_BUDGET) {
                    return result;
                }
                assertEquals(JobState.RUNNING, result.getState(), "searching until the memory bound: " + result);
            }
            assertTrue(server.isAlive() && System.nanoTime() < bound, "a flood job ends on the memory bound");
            Thread.sleep(200);
        }
    }

    private static void refused(Status.Code code, String expected, Consumer<Job.Builder> change) {
        Job.Builder job = karelJob().toBuilder();
        change.accept(job);
        refused(code, expected, job.build());
    }

    private static void refused(Status.Code code, String expected, Job job) {
        expect(code, expected, () -> hostile.blocking().submit(SubmitRequest.newBuilder().setJob(job).build()));
    }

    /**
     * A message over the server's limit: RESOURCE_EXHAUSTED, or UNAVAILABLE where the server reset the
     * connection while the client was still sending the rest of it (a race of grpc-java's, its issue
     * 10851); either way the server answers the next call.
     */
    private static void tooLarge(Job job) {
        try {
            hostile.blocking().submit(SubmitRequest.newBuilder().setJob(job).build());
            throw new AssertionError("a message over the size limit was accepted");
        } catch (StatusRuntimeException e) {
            assertTrue(Set.of(Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNAVAILABLE).contains(e.getStatus().getCode()),
                    e.getMessage());
        }
        expect(Status.Code.NOT_FOUND, "no job", () -> hostile.blocking().getResult(
                GetResultRequest.newBuilder().setJobId("none").build()));
    }

    private static void expect(Status.Code code, String expected, Runnable call) {
        try {
            call.run();
            throw new AssertionError("expected " + code + " (" + expected + ")");
        } catch (StatusRuntimeException e) {
            assertEquals(code, e.getStatus().getCode(), e.getMessage());
            assertTrue(String.valueOf(e.getStatus().getDescription()).contains(expected), e.getMessage());
        }
    }

    /** The server's resident memory, from /proc (0 where there is none). */
    private static long residentBytes() throws IOException {
        Path status = Path.of("/proc", String.valueOf(server.pid()), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
