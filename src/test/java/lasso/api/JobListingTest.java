package lasso.api;

import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.Example;
import lasso.api.v1.Job;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.KarelExample;
import lasso.api.v1.ListJobsRequest;
import lasso.api.v1.ListJobsResponse;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.api.v1.SubmitRequest;
import lasso.cli.CapturedConsole;
import lasso.domain.Task;
import lasso.runtime.KarelTasks;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ListJobs over a real port: one job searching until its deadline, three solved after it, paged newest first from the journal. */
class JobListingTest {

    private static LassoRuntime runtime;
    private static LassoServer server;
    private static LassoClient client;
    private static String running;
    private static List<String> solved;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString("lasso.jobs.max-running = 2\nlasso.search.proposers.karel = enumerative")
                .withFallback(ConfigFactory.load()));
        server = LassoServer.listening(runtime, new ApiSettings("127.0.0.1", 0, 1 << 20, "")).start();
        client = LassoClient.connect("127.0.0.1:" + server.port(), "", 1 << 20);
        running = client.blocking().submit(SubmitRequest.newBuilder().setJob(unsolvable()).build()).getJobId();
        solved = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Job job = JobRequests.toJob("karel", new Task<>("solved-" + i, "", KarelTasks.task(9, i, 10).examples()),
                    SearchOptions.newBuilder().setMaxEvaluated(20_000).build());
            JobResult result = client.blocking().solve(SolveRequest.newBuilder().setJob(job).build());
            assertEquals(JobState.SOLVED, result.getState(), result.toString());
            solved.add(result.getJobId());
        }
        // The listing reads the journal: a job shows there about a second after it is journaled.
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (list(ListJobsRequest.newBuilder().addStates(JobState.SOLVED)).getJobsCount() < 3
                || list(ListJobsRequest.newBuilder().addStates(JobState.RUNNING)).getJobsCount() < 1) {
            assertTrue(System.nanoTime() < bound, "the jobs never showed in ListJobs");
            Thread.sleep(50);
        }
    }

    /** One input with two outputs: it searches until its deadline (or until cancelled). */
    private static Job unsolvable() {
        Job job = JobRequests.toJob("karel", new Task<>("unsolvable", "", KarelTasks.task(2, 0, 12).examples()),
                SearchOptions.getDefaultInstance());
        Example first = job.getGiven(0);
        Example clash = Example.newBuilder().setKarel(KarelExample.newBuilder().setInput(first.getKarel().getInput())
                .setOutput(job.getGiven(1).getKarel().getOutput())).build();
        return job.toBuilder().clearGiven().addGiven(first).addGiven(clash).clearHeldout()
                .setOptions(SearchOptions.newBuilder().setDeadlineMillis(120_000)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.blocking().cancel(CancelRequest.newBuilder().setJobId(running).build());
        client.close();
        server.stop(Duration.ofSeconds(5));
        runtime.close();
    }

    private static ListJobsResponse list(ListJobsRequest.Builder request) {
        return client.blocking().listJobs(request.build());
    }

    private static List<String> ids(ListJobsResponse response) {
        return response.getJobsList().stream().map(JobResult::getJobId).toList();
    }

    @Test
    void pagesGoNewestFirstAndEndWithoutAToken() {
        ListJobsResponse first = list(ListJobsRequest.newBuilder().setPageSize(2));
        assertEquals(List.of(solved.get(2), solved.get(1)), ids(first));
        assertTrue(!first.getNextPageToken().isEmpty());
        ListJobsResponse second = list(ListJobsRequest.newBuilder().setPageSize(2).setPageToken(first.getNextPageToken()));
        assertEquals(List.of(solved.get(0), running), ids(second));
        assertEquals("", second.getNextPageToken());
        assertEquals(4, list(ListJobsRequest.newBuilder()).getJobsCount(), "page_size 0 is the default page");
    }

    @Test
    void statesSelectJobsAndARunningJobShowsItsProgress() {
        ListJobsResponse searching = list(ListJobsRequest.newBuilder().addStates(JobState.RUNNING).addStates(JobState.QUEUED));
        assertEquals(List.of(running), ids(searching));
        assertEquals("unsolvable", searching.getJobs(0).getLabel());
        assertEquals(List.of(solved.get(2), solved.get(1), solved.get(0)),
                ids(list(ListJobsRequest.newBuilder().addStates(JobState.SOLVED))));
        assertEquals(List.of(), ids(list(ListJobsRequest.newBuilder().addStates(JobState.FAILED))));
    }

    @Test
    void badRequestsNameTheField() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> list(ListJobsRequest.newBuilder().setPageToken("x")));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("page_token: 'x' is not a next_page_token"), e.getMessage());
        e = assertThrows(StatusRuntimeException.class, () -> list(ListJobsRequest.newBuilder().setPageSize(-1)));
        assertTrue(e.getStatus().getDescription().contains("page_size: must not be negative"), e.getMessage());
    }

    @Test
    void theJobsCommandPrintsOneRowPerJob() {
        assertEquals(0, console.run("jobs", "--server", "127.0.0.1:" + server.port(), "--state", "running,solved",
                "--limit", "3"));
        String text = console.out();
        assertTrue(text.contains(solved.get(2) + "  solved-2"), text);
        assertTrue(text.contains("3 jobs (more: --limit 0 shows all)"), text);
        assertTrue(!text.contains(running), "the oldest job is on the next page: " + text);
    }
}
