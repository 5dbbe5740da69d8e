package lasso.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import lasso.api.JobRequests;
import lasso.api.LassoClient;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.ListJobsRequest;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SubmitRequest;
import lasso.bench.BasePorts;
import lasso.bench.NodeProcess;
import lasso.domain.Example;
import lasso.domain.Task;
import lasso.domain.karel.KarelGrid;
import lasso.runtime.KarelTasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs on the child-JVM clusters of the kill tests ({@link LocalNodes}), through the gRPC API:
 * submitting jobs that search until their deadline, waiting for their answers through whichever
 * API node is up, and the folders and ports of a cluster.
 */
final class ClusterJobs {

    /** The bound of every wait: generous, for a loaded 2-core machine. */
    static final long GENEROUS = TimeUnit.MINUTES.toNanos(4);

    private ClusterJobs() {
    }

    static int basePort() {
        return BasePorts.random().getAsInt();
    }

    /** {@code first}, then bases drawn at random: where a cluster's nodes move when another process holds a port. */
    static IntSupplier basePorts(int first) {
        return IntStream.concat(IntStream.of(first), IntStream.generate(BasePorts.random())).iterator()::nextInt;
    }

    /** A folder the postgres user may enter too (the script runs PostgreSQL as that user when root). */
    static Path folder() throws IOException {
        return Files.createTempDirectory("lasso-cluster", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (var tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Jobs no program solves (one input, two outputs), ended by their deadline 40 s after their
     * submission, all searching when this returns.
     */
    static List<String> submitRunning(LassoClient client, int count) throws Exception {
        List<Example<KarelGrid, KarelGrid>> given = KarelTasks.given(KarelTasks.task(2, 0, 12));
        KarelGrid input = given.get(0).input();
        KarelGrid other = given.stream().map(Example::output).filter(o -> !o.equals(given.get(0).output()))
                .findFirst().orElseThrow();
        Task<KarelGrid, KarelGrid> unsolvable = new Task<>("unsolvable", "",
                List.of(Example.given(input, given.get(0).output()), Example.given(input, other)));
        SearchOptions options = SearchOptions.newBuilder().setMaxEvaluated(100_000_000).setMaxExpansions(1_000_000)
                .setDeadlineMillis(40_000).setBatchSize(64).setEditsPerExpansion(8).build();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(submit(client, unsolvable, options));
        }
        long deadline = System.nanoTime() + GENEROUS;
        for (String job : jobs) {
            JobResult result;
            while ((result = result(client, job)) == null || result.getEvaluated() == 0) {
                assertTrue(System.nanoTime() < deadline, "job " + job + " searches");
                Thread.sleep(100);
            }
            assertEquals(JobState.RUNNING, result.getState(), "still searching when its node goes");
        }
        return jobs;
    }

    static String submit(LassoClient client, Task<KarelGrid, KarelGrid> task, SearchOptions options) {
        return client.blocking().withDeadlineAfter(60, TimeUnit.SECONDS).submit(SubmitRequest.newBuilder()
                .setJob(JobRequests.toJob("karel", task, options))
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getJobId();
    }

    /** The job's result or snapshot; null while no API node answers (one was just killed). */
    static JobResult result(LassoClient client, String jobId) {
        try {
            return client.blocking().withDeadlineAfter(20, TimeUnit.SECONDS)
                    .getResult(GetResultRequest.newBuilder().setJobId(jobId).build());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                return null;
            }
            throw e;
        }
    }

    /** Waits until every job has run again after a lost node (attempt 2 or later reports), or has ended. */
    static void awaitRunAgain(LassoClient client, List<String> jobs) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS;
        for (String job : jobs) {
            JobResult result;
            while ((result = result(client, job)) == null
                    || (result.getAttempts() < 2 && (result.getState() == JobState.QUEUED
                    || result.getState() == JobState.RUNNING))) {
                assertTrue(System.nanoTime() < deadline, "job " + job + " runs again: " + result);
                Thread.sleep(250);
            }
        }
    }

    /** Waits for every job's result, each ended by its search (solved or not), and returns them. */
    static List<JobResult> awaitAll(LassoClient client, List<String> jobs) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS;
        List<JobResult> results = new ArrayList<>();
        for (String job : jobs) {
            JobResult result;
            while ((result = result(client, job)) == null || result.getState() == JobState.QUEUED
                    || result.getState() == JobState.RUNNING) {
                assertTrue(System.nanoTime() < deadline, "job " + job + " is answered: " + result);
                Thread.sleep(250);
            }
            assertTrue(result.getState() == JobState.SOLVED || result.getState() == JobState.UNSOLVED,
                    "job " + job + " ended normally: " + result);
            results.add(result);
        }
        return results;
    }

    /**
     * Each of these API nodes, asked alone, lists every one of the jobs, whichever node accepted them
     * (ListJobs reads the journal they share), and when {@code ended}, none of them as queued or running.
     */
    static void everyNodeListsEveryJob(List<NodeProcess> apiNodes, List<String> jobs, boolean ended)
            throws Exception {
        for (NodeProcess node : apiNodes) {
            try (LassoClient one = LassoClient.connect(node.endpoint(), "", 1 << 24)) {
                long deadline = System.nanoTime() + GENEROUS;
                Map<String, JobState> listed;
                while (!(listed = listed(one)).keySet().containsAll(jobs)) {
                    assertTrue(System.nanoTime() < deadline, node.name() + " lists " + jobs + ": " + listed);
                    Thread.sleep(250);
                }
                for (String job : jobs) {
                    JobState state = listed.get(job);
                    assertEquals(ended, state != JobState.QUEUED && state != JobState.RUNNING, job + " " + state);
                }
            }
        }
    }

    private static Map<String, JobState> listed(LassoClient client) {
        Map<String, JobState> listed = new HashMap<>();
        client.blocking().withDeadlineAfter(30, TimeUnit.SECONDS)
                .listJobs(ListJobsRequest.newBuilder().setPageSize(1000).build())
                .getJobsList().forEach(job -> listed.put(job.getJobId(), job.getState()));
        return listed;
    }
}
