package lasso.client;

import com.typesafe.config.ConfigFactory;
import lasso.api.ApiSettings;
import lasso.api.LassoServer;
import lasso.api.v1.SearchOptions;
import lasso.domain.Example;
import lasso.domain.Task;
import lasso.domain.karel.KarelGrid;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs through servers that are busy, unreachable or going away: every task still gets its answer. */
class ServerJobsTest {

    private static final ServerJobs.RetryPolicy FAST = new ServerJobs.RetryPolicy(Duration.ofMillis(20),
            Duration.ofMillis(200), 200);

    private static final SearchOptions OPTIONS = SearchOptions.newBuilder().setStrategy(lasso.api.v1.Strategy.BEAM)
            .setMaxEvaluated(5000).setDeadlineMillis(30_000).build();

    private record Node(LassoRuntime runtime, LassoServer server) implements AutoCloseable {

        static Node start(int maxRunning, int maxQueued) throws IOException {
            LassoRuntime runtime = LassoRuntime.start(ConfigFactory.parseMap(Map.of(
                    "lasso.jobs.max-running", maxRunning, "lasso.jobs.max-queued", maxQueued,
                    "lasso.search.proposers.karel", "enumerative", "lasso.workers.executors", 1,
                    "lasso.workers.synthesizers", 1, "lasso.workers.debuggers", 1)).withFallback(ConfigFactory.load()));
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

    /** One of two servers shuts down with jobs in flight: its jobs are answered CANCELLED and go to the other. */
    @Test
    void jobsOfAServerThatGoesAwayMoveToTheOther() throws Exception {
        try (Node stays = Node.start(2, 100)) {
            Node leaves = Node.start(2, 100);
            try (ServerJobs jobs = new ServerJobs(leaves.target() + "," + stays.target(), "", null,
                    // Jobs long enough to be seen running: ListJobs reads the journal, a second or so behind.
                    OPTIONS.toBuilder().setMaxEvaluated(0).setDeadlineMillis(3_000).build(), FAST)) {
                List<TaskEntry<KarelGrid, KarelGrid>> entries = unsolvable(8).stream()
                        .map(TaskEntry::of).toList();
                Map<String, ResultLine> lines = new ConcurrentHashMap<>();
                List<Jobs.NotAnsweredException> failures = new CopyOnWriteArrayList<>();
                Thread runner = new Thread(() -> {
                    try {
                        JobWindow.run(KarelTasks.KAREL, entries, jobs, 8, (index, line, failure) -> {
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
                while (leaves.runtime().list(10, Long.MAX_VALUE, Set.of(JobState.RUNNING)).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS).jobs().isEmpty()) {
                    assertTrue(System.nanoTime() < bound, "no job ever ran on the first server");
                    Thread.sleep(10);
                }
                leaves.close();
                runner.join(TimeUnit.MINUTES.toMillis(2));
                assertEquals(List.of(), failures);
                assertEquals(8, lines.size(), "every task answered: " + lines.keySet());
                lines.values().forEach(line -> assertEquals(ResultLine.UNSOLVED, line.status(), line.toString()));
                assertTrue(jobs.retries() > 0);
            }
        }
    }
}
