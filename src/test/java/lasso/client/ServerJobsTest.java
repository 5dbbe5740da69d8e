package lasso.client;

import akka.actor.Address;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.ConfigFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import lasso.api.ApiSettings;
import lasso.api.LassoServer;
import lasso.api.v1.SearchOptions;
import lasso.domain.Example;
import lasso.domain.Task;
import lasso.domain.karel.KarelGrid;
import lasso.runtime.JobResult;
import lasso.runtime.JobState;
import lasso.runtime.KarelTasks;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs through servers that are busy, unreachable or going away: every task still gets its answer, once. */
class ServerJobsTest {

    private static final ServerJobs.RetryPolicy FAST = new ServerJobs.RetryPolicy(Duration.ofMillis(20),
            Duration.ofMillis(200), 200);

    private static final SearchOptions OPTIONS = SearchOptions.newBuilder().setStrategy(lasso.api.v1.Strategy.BEAM)
            .setMaxEvaluated(5000).setDeadlineMillis(30_000).build();

    private record Node(LassoRuntime runtime, LassoServer server) implements AutoCloseable {

        static Node start(int maxRunning, int maxQueued) throws IOException {
            return start(maxRunning, maxQueued, "", null);
        }

        /**
         * @param journal the journal's URL ("" for one of its own in memory)
         * @param join    the cluster to join; null to form one
         */
        static Node start(int maxRunning, int maxQueued, String journal, Address join) throws IOException {
            LassoRuntime runtime = LassoRuntime.start(ConfigFactory.parseMap(Map.of(
                    "lasso.jobs.max-running", maxRunning, "lasso.jobs.max-queued", maxQueued,
                    "lasso.search.proposers.karel", "enumerative", "lasso.workers.executors", 1,
                    "lasso.workers.synthesizers", 1, "lasso.workers.debuggers", 1,
                    "lasso.journal.url", journal, "lasso.cluster.join-self", join == null,
                    "akka.remote.artery.canonical.port", 0)).withFallback(ConfigFactory.load()));
            if (join != null) {
                Cluster.get(runtime.system()).manager().tell(Join.create(join));
            }
            return new Node(runtime, LassoServer.listening(runtime, new ApiSettings("127.0.0.1", 0, 1 << 20, "")).start());
        }

        String target() {
            return "127.0.0.1:" + server.port();
        }

        @Override
        public void close() throws InterruptedException {
            server.stop(Duration.ofSeconds(5));
            runtime.close();
        }
    }

    private static List<Task<KarelGrid, KarelGrid>> tasks(int count) {
        List<Task<KarelGrid, KarelGrid>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(new Task<>("t" + i, "", KarelTasks.task(21, i, 10).examples()));
        }
        return tasks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A server that takes one job at a time and refuses the rest, beside an address where nothing listens. */
    @Test
    void busyAndUnreachableServersAreRetried() throws Exception {
        try (Node node = Node.start(1, 0);
             ServerJobs jobs = new ServerJobs("127.0.0.1:" + freePort() + "," + node.target(), "", null, OPTIONS, FAST)) {
            Map<String, ResultLine> lines = new ConcurrentHashMap<>();
            List<TaskEntry<KarelGrid, KarelGrid>> entries = tasks(6).stream()
                    .map(TaskEntry::of).toList();
            JobWindow.run(KarelTasks.KAREL, entries, jobs, 4, (index, line, failure) -> {
                assertEquals(null, failure);
                lines.put(line.id(), line);
            });
            assertEquals(6, lines.size());
            lines.values().forEach(line -> assertTrue(!line.failed(), line.toString()));
            assertTrue(jobs.retries() >= 3, "capacity refusals were retried: " + jobs.retries());
        }
    }

    /** Tasks no program solves (one input with two outputs): each job searches until its deadline. */
    private static List<Task<KarelGrid, KarelGrid>> unsolvable(int count) {
        List<Task<KarelGrid, KarelGrid>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Example<KarelGrid, KarelGrid>> examples = new ArrayList<>(KarelTasks.task(22, i, 10).examples());
            examples.set(1, new Example<>(examples.get(0).input(), examples.get(1).output(), false));
            tasks.add(new Task<>("u" + i, "", examples));
        }
        return tasks;
    }

    /**
     * Two API nodes of one cluster sharing a journal; one stops (handing its jobs over) while Solve
     * calls wait on it: they end UNAVAILABLE and go to the other node with their idempotency keys,
     * which names the jobs already accepted, so every task is answered and each ran as one job.
     */
    @Test
    void callsOfAnApiNodeThatStopsGoToTheOtherWithoutASecondJob() throws Exception {
        String journal = "jdbc:h2:mem:server-jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Node leaves = Node.start(2, 100, journal, null);
        boolean left = false;
        try (Node stays = Node.start(2, 100, journal, Cluster.get(leaves.runtime().system()).selfMember().address())) {
            stays.runtime().awaitUp(Duration.ofSeconds(60));
            try (ServerJobs jobs = new ServerJobs(leaves.target() + "," + stays.target(), "", null,
                    OPTIONS.toBuilder().setMaxEvaluated(0).setDeadlineMillis(3_000).build(), FAST)) {
                List<Task<KarelGrid, KarelGrid>> tasks = unsolvable(8);
                List<TaskEntry<KarelGrid, KarelGrid>> entries = tasks.stream().map(TaskEntry::of).toList();
                Map<String, ResultLine> lines = new ConcurrentHashMap<>();
                List<Jobs.NotAnsweredException> failures = new CopyOnWriteArrayList<>();
                Thread runner = new Thread(() -> {
                    try {
                        // Four at a time: the calls after the first ones go to both nodes, whatever the
                        // channel was connected to at first.
                        JobWindow.run(KarelTasks.KAREL, entries, jobs, 4, (index, line, failure) -> {
                            if (line != null) {
                                lines.put(line.id(), line);
                            } else {
                                failures.add(failure);
                            }
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                runner.start();
                long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (running(leaves) == 0) {
                    assertTrue(System.nanoTime() < bound, "the first node never took a job");
                    Thread.sleep(10);
                }
                leaves.close();
                left = true;
                runner.join(TimeUnit.MINUTES.toMillis(2));
                assertEquals(List.of(), failures);
                assertEquals(8, lines.size(), "every task answered: " + lines.keySet());
                lines.values().forEach(line -> assertEquals(ResultLine.UNSOLVED, line.status(), line.toString()));
                assertTrue(jobs.retries() > 0, "calls on the node that stopped were sent again");

                bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                List<JobResult> ran;
                while ((ran = jobs(stays, Set.of())).stream().filter(job -> job.state().isFinal()).count() < 8) {
                    assertTrue(System.nanoTime() < bound, "the jobs are listed: " + ran);
                    Thread.sleep(50);
                }
                assertEquals(tasks.stream().map(Task::id).sorted().toList(),
                        ran.stream().map(JobResult::label).sorted().toList(), "one job per task");
            }
        } finally {
            if (!left) {
                leaves.close();
            }
        }
    }

    /** The jobs the node's admission runs now (its lasso_jobs gauge): Solve calls it took. */
    private static double running(Node node) {
        String address = node.runtime().system().address().toString();
        for (MetricSnapshot snapshot : PrometheusRegistry.defaultRegistry.scrape()) {
            if (snapshot instanceof GaugeSnapshot gauge && snapshot.getMetadata().getName().equals("lasso_jobs")) {
                for (GaugeSnapshot.GaugeDataPointSnapshot point : gauge.getDataPoints()) {
                    if (address.equals(point.getLabels().get("node")) && "running".equals(point.getLabels().get("state"))) {
                        return point.getValue();
                    }
                }
            }
        }
        return 0;
    }

    private static List<JobResult> jobs(Node node, Set<JobState> states) throws Exception {
        return node.runtime().list(100, Long.MAX_VALUE, states).toCompletableFuture().get(30, TimeUnit.SECONDS).jobs();
    }
}
