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
import lasso.domain.Example;
import lasso.domain.Task;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.runtime.KarelTasks;
import lasso.search.Editors;
import lasso.search.Evaluator;
import lasso.search.Proposers;
import lasso.search.Search;
import lasso.search.SearchRunner;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lasso clusters of several JVMs on loopback, their journal on a database server, losing nodes to
 * {@code kill -9} while jobs run: every accepted job is still answered, through another API node.
 * Also: a job spread over the cluster finds what the one-thread search finds, and evaluates no
 * program twice. The split-brain resolver keeps the majority side alive: the survivors of each kill
 * are still running at the end. Each API node lists every job (ListJobs), those accepted by the other
 * and those that outlived the node that ran them.
 */
class ClusterKillTest {

    private static final long GENEROUS = TimeUnit.MINUTES.toNanos(4);

    private static int basePort() {
        return 20_000 + new Random().nextInt(200) * 150;
    }

    /** A folder the postgres user may enter too (the script runs PostgreSQL as that user when root). */
    private static Path folder() throws IOException {
        return Files.createTempDirectory("lasso-cluster", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** The nodes' shared journal: an H2 server on the port above the nodes' range, its files in DIR. */
    private static Server h2Server(Path dir, int base) throws SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(base + 99), "-baseDir", dir.toString(),
                "-ifNotExists").start();
    }

    private static String h2Url(int base) {
        return "jdbc:h2:tcp://127.0.0.1:" + (base + 99) + "/lasso";
    }

    @Test
    void jobsSurviveTheLossOfAShardNodeAndOfACoordinatorNodeOnAnH2Server() throws Exception {
        Path dir = folder();
        int base = basePort();
        Server h2 = h2Server(dir, base);
        try (LocalNodes cluster = new LocalNodes(dir, base, h2Url(base), 2)) {
            NodeProcess api1 = cluster.api("api-1", "model,executor");
            NodeProcess api2 = cluster.api("api-2", "model,executor");
            NodeProcess worker1 = cluster.worker("worker-1", "executor");
            NodeProcess worker2 = cluster.worker("worker-2", "executor");
            cluster.awaitUp();
            try (LassoClient client = LassoClient.connect(api1.endpoint() + "," + api2.endpoint(), "", 1 << 24)) {
                spreadJobFindsWhatOneThreadFinds(client);

                // A node with frontier shards (and executors) goes.
                List<String> jobs = submitRunning(client, 3);
                everyNodeListsEveryJob(List.of(api1, api2), jobs, false);
                worker1.kill();
                List<JobResult> answered = awaitAll(client, jobs);
                assertTrue(answered.stream().anyMatch(r -> r.getAttempts() >= 2), "the jobs ran again: " + answered);

                // The API node that runs a job's coordinator goes: another one answers, and lists them all.
                List<String> survivors = coordinatorNodeGoes(cluster, client, List.of(api1, api2));
                jobs = new ArrayList<>(jobs);
                jobs.addAll(survivors);
                everyNodeListsEveryJob(List.of(api1, api2).stream().filter(node -> node.process().isAlive()).toList(),
                        jobs, true);
                assertTrue(worker2.process().isAlive(), "the split-brain resolver kept the majority side up");
            }
        } finally {
            h2.stop();
            delete(dir);
        }
    }

    /**
     * Async frontier (configs/cluster.conf's mode): a node holding some of every job's shards is killed
     * while the shards search on their own; the coordinators see it leave and run the jobs again.
     */
    @Test
    void asyncJobsSurviveTheLossOfAShardNode() throws Exception {
        Path dir = folder();
        int base = basePort();
        Server h2 = h2Server(dir, base);
        try (LocalNodes cluster = new LocalNodes(dir, base, h2Url(base), 1,
                List.of("-Dlasso.frontier.mode=async"))) {
            NodeProcess api = cluster.api("api-1", "model,executor");
            NodeProcess worker1 = cluster.worker("worker-1", "executor");
            NodeProcess worker2 = cluster.worker("worker-2", "executor");
            cluster.awaitUp();
            try (LassoClient client = LassoClient.connect(api.endpoint(), "", 1 << 24)) {
                List<String> jobs = submitRunning(client, 2);
                assertTrue(api.log().contains("its frontier in 6 shards (async)"), "async shards on the three nodes");
                worker1.kill();
                List<JobResult> answered = awaitAll(client, jobs);
                assertTrue(answered.stream().allMatch(r -> r.getAttempts() >= 2), "the jobs ran again: " + answered);
                assertTrue(worker2.process().isAlive(), "the split-brain resolver kept the majority side up");
            }
        } finally {
            h2.stop();
            delete(dir);
        }
    }

    @Test
    void jobsSurviveTheLossOfACoordinatorNodeWithPostgreSql() throws Exception {
        Path dir = folder();
        int base = basePort();
        Process journal = new ProcessBuilder("deploy/local-cluster", "start", "--api", "0", "--workers", "0",
                "--models", "0", "--journal", "postgres", "--base-port", String.valueOf(base), "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("local-cluster.log").toFile()).start();
        assertTrue(journal.waitFor(5, TimeUnit.MINUTES) && journal.exitValue() == 0,
                "deploy/local-cluster started PostgreSQL: " + Files.readString(dir.resolve("local-cluster.log")));
        try (LocalNodes cluster = new LocalNodes(dir, base, Files.readString(dir.resolve("journal-url")).trim(), 2)) {
            NodeProcess api1 = cluster.api("api-1", "model,executor");
            NodeProcess api2 = cluster.api("api-2", "model,executor");
            NodeProcess worker = cluster.worker("worker-1", "executor");
            cluster.awaitUp();
            try (LassoClient client = LassoClient.connect(api1.endpoint() + "," + api2.endpoint(), "", 1 << 24)) {
                coordinatorNodeGoes(cluster, client, List.of(api1, api2));
                assertTrue(worker.process().isAlive(), "the split-brain resolver kept the majority side up");
            }
        } finally {
            new ProcessBuilder("deploy/local-cluster", "stop", "--dir", dir.toString()).inheritIO().start()
                    .waitFor(2, TimeUnit.MINUTES);
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Best-first with two expansions a round: the same answer and counts as in one thread, no duplicate. */
    private static void spreadJobFindsWhatOneThreadFinds(LassoClient client) throws Exception {
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> generated = KarelTasks.task(6, 1, 16);
        SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 200, 20_000, 600_000, 64, 16, 5, 2);
        Search<KarelProgram> plain = new SearchRunner<>(
                new Evaluator<>(KarelTasks.KAREL, KarelTasks.given(generated), KarelTasks.heldout(generated)),
                Proposers.create(KarelTasks.KAREL, "enumerative"), Editors.create(KarelTasks.KAREL, null)).run(settings);
        SearchOptions options = SearchOptions.newBuilder().setStrategy(lasso.api.v1.Strategy.BEST_FIRST)
                .setMaxExpansions(200).setMaxEvaluated(20_000).setDeadlineMillis(600_000).setBatchSize(64)
                .setEditsPerExpansion(16).setSeed(5).setExpansionsPerRound(2).build();
        Task<KarelGrid, KarelGrid> task = new Task<>("spread", "", generated.examples());
        String id = submit(client, task, options);
        JobResult spread = awaitAll(client, List.of(id)).get(0);
        assertEquals(plain.stopReason().name(), spread.getStopReason().name());
        assertEquals(plain.best().map(b -> KarelTasks.KAREL.print(b.program())).orElse(""), spread.getProgram());
        assertEquals(plain.evaluated(), spread.getEvaluated());
        assertEquals(plain.expansions(), spread.getExpansions());
        assertEquals(plain.proposed(), spread.getProposed());
        assertTrue(spread.getExpansions() > 0, "the debugger was used: " + spread);
        assertEquals(spread.getEvaluated(), spread.getExecuted(), "no program was evaluated twice");
    }

    /** @return the jobs that ran on the node killed, and were answered */
    private static List<String> coordinatorNodeGoes(LocalNodes cluster, LassoClient client, List<NodeProcess> apiNodes)
            throws Exception {
        List<String> jobs = submitRunning(client, 3);
        NodeProcess holder = cluster.runningJob(jobs.get(0));
        assertNotNull(holder, "a node's log says it runs job " + jobs.get(0));
        assertTrue(apiNodes.contains(holder), holder.name() + " holds a job: jobs live on API nodes");
        holder.kill();
        List<JobResult> answered = awaitAll(client, jobs);
        assertTrue(answered.get(0).getAttempts() >= 2, "the job ran again on another node: " + answered.get(0));
        for (NodeProcess node : apiNodes) {
            if (node != holder) {
                assertTrue(node.process().isAlive(), node.name() + " stays up");
            }
        }
        return jobs;
    }

    /**
     * Each of these API nodes, asked alone, lists every one of the jobs, whichever node accepted them
     * (ListJobs reads the journal they share), and when {@code ended}, none of them as queued or running.
     */
    private static void everyNodeListsEveryJob(List<NodeProcess> apiNodes, List<String> jobs, boolean ended)
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

    /** Jobs no program solves (one input, two outputs), ended by their deadline, searching when this returns. */
    private static List<String> submitRunning(LassoClient client, int count) throws Exception {
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

    private static String submit(LassoClient client, Task<KarelGrid, KarelGrid> task, SearchOptions options) {
        return client.blocking().withDeadlineAfter(60, TimeUnit.SECONDS).submit(SubmitRequest.newBuilder()
                .setJob(JobRequests.toJob("karel", task, options))
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getJobId();
    }

    /** The job's result or snapshot; null while no API node answers (one was just killed). */
    private static JobResult result(LassoClient client, String jobId) {
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

    private static List<JobResult> awaitAll(LassoClient client, List<String> jobs) throws InterruptedException {
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
}
