package lasso.api;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.Example;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.IntList;
import lasso.api.v1.IntListExample;
import lasso.api.v1.Job;
import lasso.api.v1.JobEvent;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.KarelExample;
import lasso.api.v1.KarelGrid;
import lasso.api.v1.KarelMarkers;
import lasso.api.v1.ListExample;
import lasso.api.v1.ListValue;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.api.v1.StopReason;
import lasso.api.v1.Strategy;
import lasso.api.v1.SubmitRequest;
import lasso.api.v1.WatchRequest;
import lasso.domain.Task;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelProgram;
import lasso.runtime.KarelTasks;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service in-process, on an embedded node that runs two jobs at once and queues none: answers,
 * and every status code with its message.
 */
class GrpcServiceTest {

    private static LassoRuntime runtime;
    private static LassoServer server;
    private static ManagedChannel channel;
    private static LassoGrpc.LassoBlockingStub service;
    private final List<String> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString("""
                lasso.jobs.max-running = 2
                lasso.jobs.max-queued = 0
                lasso.coordinator.progress-interval = 50 ms
                """).withFallback(ConfigFactory.load()));
        String name = InProcessServerBuilder.generateName();
        server = new LassoServer(InProcessServerBuilder.forName(name), runtime,
                new ApiSettings("127.0.0.1", 0, 1 << 20, "")).start();
        channel = InProcessChannelBuilder.forName(name).build();
        service = LassoGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(5));
        runtime.close();
    }

    /** Jobs a test leaves running are cancelled, so that each test starts with free slots. */
    @AfterEach
    void cancelStarted() {
        for (String jobId : started) {
            service.cancel(CancelRequest.newBuilder().setJobId(jobId).build());
        }
    }

    private static Job job(TaskGenerator.Generated<KarelProgram, lasso.domain.karel.KarelGrid, lasso.domain.karel.KarelGrid> task,
                           SearchOptions options) {
        return JobRequests.toJob("karel", new Task<>("t", "", task.examples()), options);
    }

    /** A job no program solves (one input, two outputs): it searches until its deadline. */
    private static Job unsolvable(long deadlineMillis) {
        Job job = job(KarelTasks.task(2, 0, 12), SearchOptions.getDefaultInstance());
        Example first = job.getGiven(0);
        Example clash = Example.newBuilder().setKarel(KarelExample.newBuilder()
                .setInput(first.getKarel().getInput())
                .setOutput(job.getGiven(1).getKarel().getOutput())).build();
        return job.toBuilder().clearGiven().addGiven(first).addGiven(clash).clearHeldout()
                .setOptions(SearchOptions.newBuilder().setDeadlineMillis(deadlineMillis)).build();
    }

    private String submit(Job job) {
        String jobId = service.submit(SubmitRequest.newBuilder().setJob(job).build()).getJobId();
        started.add(jobId);
        return jobId;
    }

    private static StatusRuntimeException failure(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        return e;
    }

    private static void invalid(String expected, Consumer<Job.Builder> change) {
        Job.Builder job = job(KarelTasks.task(1, 0, 10), SearchOptions.getDefaultInstance()).toBuilder();
        change.accept(job);
        StatusRuntimeException e = failure(Status.Code.INVALID_ARGUMENT,
                () -> service.solve(SolveRequest.newBuilder().setJob(job).build()));
        assertTrue(e.getStatus().getDescription().contains(expected),
                "'" + e.getStatus().getDescription() + "' should contain '" + expected + "'");
    }

    @Test
    void solveAnswersWithTheProgramAndItsResults() throws Exception {
        TaskGenerator.Generated<KarelProgram, lasso.domain.karel.KarelGrid, lasso.domain.karel.KarelGrid> task =
                KarelTasks.task(9, 1, 12);
        JobResult result = service.solve(SolveRequest.newBuilder().setJob(job(task, SearchOptions.newBuilder()
                .setStrategy(Strategy.BEAM).setMaxEvaluated(20_000).build()).toBuilder().setLabel("mine")).build());
        assertEquals(JobState.SOLVED, result.getState(), result.toString());
        assertEquals(StopReason.FOUND, result.getStopReason());
        assertEquals("mine", result.getLabel());
        assertEquals(Strategy.BEAM, result.getStrategy());
        assertEquals(5, result.getGivenPassed());
        assertEquals(5, result.getGivenTotal());
        assertEquals(1, result.getHeldoutTotal());
        assertEquals(String.join(" ", result.getTokensList()), result.getProgram());
        KarelProgram found = KarelTasks.KAREL.parse(result.getProgram());
        assertTrue(KarelTasks.given(task).stream().allMatch(e -> KarelTasks.KAREL.passes(found, e)));
    }

    @Test
    void invalidArgumentsNameTheField() {
        invalid("job.domain: unknown domain 'cobol'", job -> job.setDomain("cobol"));
        invalid("job.domain: missing", job -> job.setDomain(""));
        invalid("job.given: a job needs at least one given example", Job.Builder::clearGiven);
        invalid("job.given[0].karel.input: rows 17 is outside 2..16", job -> job.setGiven(0,
                job.getGiven(0).toBuilder().setKarel(job.getGiven(0).getKarel().toBuilder()
                        .setInput(job.getGiven(0).getKarel().getInput().toBuilder().setRows(17)))));
        invalid("job.heldout[0].karel.output: marker count 12", job -> job.setHeldout(0,
                job.getHeldout(0).toBuilder().setKarel(job.getHeldout(0).getKarel().toBuilder()
                        .setOutput(job.getHeldout(0).getKarel().getOutput().toBuilder()
                                .addMarkers(KarelMarkers.newBuilder().setRow(0).setCol(0).setCount(12))))));
        invalid("job.given[1].karel.output: missing", job -> job.setGiven(1,
                job.getGiven(1).toBuilder().setKarel(job.getGiven(1).getKarel().toBuilder().clearOutput())));
        invalid("job.given[2]: domain karel takes karel examples, not int_list examples", job -> job.setGiven(2,
                Example.newBuilder().setIntList(IntListExample.newBuilder()
                        .setInput(IntList.newBuilder().addValues(1)).setOutput(IntList.newBuilder().addValues(2)))));
        invalid("job.given[3].karel.input: hero: missing", job -> job.setGiven(3,
                job.getGiven(3).toBuilder().setKarel(job.getGiven(3).getKarel().toBuilder()
                        .setInput(KarelGrid.newBuilder().setRows(3).setCols(3)))));
        invalid("job.options.max_evaluated: must not be negative", job -> job.setOptions(
                SearchOptions.newBuilder().setMaxEvaluated(-5)));
        invalid("job.options.strategy: unknown value 42", job -> job.setOptions(
                SearchOptions.newBuilder().setStrategyValue(42)));
    }

    /** Numbers at the edges of their types and oversized requests: each refused, naming the limit's key. */
    @Test
    void hostileNumbersAndSizesAreRefusedNamingTheLimit() {
        invalid("job.options.batch_size: 1000000000 is above this server's limit of 4096 (lasso.limits.max-batch-size)",
                job -> job.setOptions(SearchOptions.newBuilder().setBatchSize(1_000_000_000)));
        invalid("lasso.limits.max-batch-size", job -> job.setOptions(SearchOptions.newBuilder().setBatchSize(1 << 30)));
        invalid("lasso.limits.max-batch-size", job -> job.setOptions(SearchOptions.newBuilder()
                .setBatchSize(Integer.MAX_VALUE)));
        invalid("job.options.batch_size: must not be negative", job -> job.setOptions(SearchOptions.newBuilder()
                .setBatchSize(Integer.MIN_VALUE)));
        invalid("lasso.limits.max-edits-per-expansion", job -> job.setOptions(SearchOptions.newBuilder()
                .setEditsPerExpansion(Integer.MAX_VALUE)));
        for (long deadline : new long[] {Long.MAX_VALUE, 10_000_000_000_000L, 1_000_000_000_000L, 600_001}) {
            invalid("job.options.deadline_millis: " + deadline + " ms is above this server's limit of 600000 ms "
                    + "(lasso.limits.max-deadline)", job -> job.setOptions(SearchOptions.newBuilder().setDeadlineMillis(deadline)));
        }
        invalid("job.options.deadline_millis: must not be negative", job -> job.setOptions(SearchOptions.newBuilder()
                .setDeadlineMillis(Long.MIN_VALUE)));
        invalid("lasso.limits.max-evaluated", job -> job.setOptions(SearchOptions.newBuilder()
                .setMaxEvaluated(Long.MAX_VALUE)));
        invalid("lasso.limits.max-expansions", job -> job.setOptions(SearchOptions.newBuilder()
                .setMaxExpansions(Long.MAX_VALUE)));
        invalid("job.label: 2000 characters is above this server's limit of 1024 characters (lasso.limits.max-label-chars)",
                job -> job.setLabel("x".repeat(2000)));
        // 20,000 C examples (440 KB): refused before one of them is decoded.
        Job.Builder many = Job.newBuilder().setDomain("c");
        Example c = Example.newBuilder().setIntList(IntListExample.newBuilder()
                .setInput(ints(1, 2, 3, 4, 0)).setOutput(ints(1, 2, 3, 4, 1))).build();
        for (int i = 0; i < 20_000; i++) {
            many.addGiven(c);
        }
        invalid("job.given and job.heldout: 20000 examples is above this server's limit of 100 examples "
                + "(lasso.limits.max-examples)", many.build());
        // An 8 KB domain name or job id is quoted by its beginning and its length, never whole.
        String huge = "d".repeat(8192);
        invalid("job.domain: unknown domain 'dddd", job -> job.setDomain(huge));
        StatusRuntimeException domain = failure(Status.Code.INVALID_ARGUMENT, () -> service.submit(SubmitRequest
                .newBuilder().setJob(Job.newBuilder().setDomain(huge)).build()));
        assertTrue(domain.getStatus().getDescription().contains("(8192 characters)"), domain.getMessage());
        assertTrue(domain.getStatus().getDescription().length() < 300, domain.getMessage());
        for (Runnable call : List.<Runnable>of(
                () -> service.getResult(GetResultRequest.newBuilder().setJobId(huge).build()),
                () -> service.cancel(CancelRequest.newBuilder().setJobId(huge).build()),
                () -> service.watch(WatchRequest.newBuilder().setJobId(huge).build()).next())) {
            StatusRuntimeException id = failure(Status.Code.INVALID_ARGUMENT, call);
            assertTrue(id.getStatus().getDescription().startsWith("job_id: 'dddd"), id.getMessage());
            assertTrue(id.getStatus().getDescription().length() < 300, id.getMessage());
        }
    }

    /** A list task whose examples disagree on their input types has no program: INVALID_ARGUMENT, not INTERNAL. */
    @Test
    void listExamplesOfMixedTypesAreInvalidArguments() {
        ListValue one = ListValue.newBuilder().setIntValue(1).build();
        ListValue list = ListValue.newBuilder().setListValue(ints(1, 2)).build();
        invalid("examples[1].inputs: types [LIST] differ from examples[0]'s [INT]", Job.newBuilder().setDomain("list")
                .addGiven(Example.newBuilder().setList(ListExample.newBuilder().addInputs(one).setOutput(one)))
                .addGiven(Example.newBuilder().setList(ListExample.newBuilder().addInputs(list).setOutput(one)))
                .build());
        invalid("examples[1].output: type LIST differs from the earlier outputs' INT", Job.newBuilder().setDomain("list")
                .addGiven(Example.newBuilder().setList(ListExample.newBuilder().addInputs(one).setOutput(one)))
                .addGiven(Example.newBuilder().setList(ListExample.newBuilder().addInputs(one).setOutput(list)))
                .build());
    }

    private static void invalid(String expected, Job job) {
        StatusRuntimeException e = failure(Status.Code.INVALID_ARGUMENT,
                () -> service.submit(SubmitRequest.newBuilder().setJob(job).build()));
        assertTrue(e.getStatus().getDescription().contains(expected),
                "'" + e.getStatus().getDescription() + "' should contain '" + expected + "'");
    }

    private static IntList ints(int... values) {
        IntList.Builder list = IntList.newBuilder();
        for (int value : values) {
            list.addValues(value);
        }
        return list.build();
    }

    @Test
    void listsOfTheWrongLengthOrRangeAreInvalidArguments() {
        Example c = Example.newBuilder().setIntList(IntListExample.newBuilder()
                .setInput(ints(1, 2, 3, 4, 0)).setOutput(ints(1, 2, 3, 4, 1))).build();
        invalid("job.given[1].int_list.input: a list has exactly 5 values, not 3", Job.newBuilder().setDomain("c")
                .addGiven(c).addGiven(Example.newBuilder().setIntList(IntListExample.newBuilder()
                        .setInput(ints(1, 2, 3)).setOutput(ints(1, 2, 3, 4, 5)))).build());
        invalid("job.heldout[0]: domain c takes int_list examples, not karel examples", Job.newBuilder().setDomain("c")
                .addGiven(c).addHeldout(job(KarelTasks.task(1, 0, 10), SearchOptions.getDefaultInstance()).getGiven(0))
                .build());

        ListValue longList = ListValue.newBuilder()
                .setListValue(ints(new int[21])).build();
        ListValue big = ListValue.newBuilder().setListValue(ints(1, 300)).build();
        ListValue one = ListValue.newBuilder().setIntValue(1).build();
        invalid("job.given[0].list.inputs[0]: a list holds at most 20 integers, got 21", Job.newBuilder()
                .setDomain("list").addGiven(Example.newBuilder().setList(ListExample.newBuilder()
                        .addInputs(longList).setOutput(one))).build());
        invalid("job.given[0].list.output[1]: 300 is out of range [-256, 255]", Job.newBuilder()
                .setDomain("list").addGiven(Example.newBuilder().setList(ListExample.newBuilder()
                        .addInputs(one).setOutput(big))).build());
        invalid("job.given[0].list.inputs: a program takes 1 to 3 inputs, got 0", Job.newBuilder()
                .setDomain("list").addGiven(Example.newBuilder().setList(ListExample.newBuilder()
                        .setOutput(one))).build());
    }

    @Test
    void aFullServerIsResourceExhausted() {
        submit(unsolvable(60_000));
        submit(unsolvable(60_000));
        StatusRuntimeException e = failure(Status.Code.RESOURCE_EXHAUSTED,
                () -> service.submit(SubmitRequest.newBuilder().setJob(unsolvable(60_000)).build()));
        assertTrue(e.getStatus().getDescription().contains("at capacity"), e.getMessage());
    }

    @Test
    void unknownJobsAreNotFound() {
        StatusRuntimeException e = failure(Status.Code.NOT_FOUND,
                () -> service.getResult(GetResultRequest.newBuilder().setJobId("nope").build()));
        assertTrue(e.getStatus().getDescription().contains("no job 'nope'"), e.getMessage());
        failure(Status.Code.NOT_FOUND, () -> service.cancel(CancelRequest.newBuilder().setJobId("nope").build()));
        failure(Status.Code.NOT_FOUND, () -> service.watch(WatchRequest.newBuilder().setJobId("nope").build()).next());
        failure(Status.Code.NOT_FOUND, () -> service.getResult(GetResultRequest.getDefaultInstance()));
    }

    @Test
    void aSolveCallPastItsDeadlineIsDeadlineExceededAndItsJobIsCancelled() throws Exception {
        failure(Status.Code.DEADLINE_EXCEEDED, () -> service.withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                .solve(SolveRequest.newBuilder().setJob(unsolvable(60_000)).build()));
        // Its job no longer holds a slot: two more jobs fit (the server runs two at most).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        submit(unsolvable(60_000));
        while (true) {
            try {
                submit(unsolvable(60_000));
                break;
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
                assertTrue(System.nanoTime() < deadline, "the abandoned Solve's job was cancelled");
                Thread.sleep(50);
            }
        }
    }

    @Test
    void cancellingAJobEndsItsWatchWithTheCancelledResult() {
        String jobId = submit(unsolvable(60_000));
        Iterator<JobEvent> events = service.watch(WatchRequest.newBuilder().setJobId(jobId).build());
        JobEvent first = events.next();
        assertTrue(first.hasProgress());
        assertEquals(JobState.CANCELLED, service.cancel(CancelRequest.newBuilder().setJobId(jobId).build()).getState());
        JobEvent last = first;
        while (events.hasNext()) {
            last = events.next();
        }
        assertTrue(last.hasResult(), "the stream ends with the result");
        assertEquals(JobState.CANCELLED, last.getResult().getState());
        assertEquals("cancelled by request", last.getResult().getMessage());
        JobResult stored = service.getResult(GetResultRequest.newBuilder().setJobId(jobId).build());
        assertEquals(JobState.CANCELLED, stored.getState());
        assertEquals(StopReason.CANCEL, stored.getStopReason());
    }

    /** No fixed wait: the watch reads until the job has evaluated something, however slow the machine. */
    @Test
    void watchStreamsProgressAndEndsWithTheResult() {
        String jobId = submit(unsolvable(60_000));
        JobResult running = service.getResult(GetResultRequest.newBuilder().setJobId(jobId).build());
        assertTrue(running.getState() == JobState.RUNNING || running.getState() == JobState.QUEUED);
        List<JobEvent> events = new ArrayList<>();
        Iterator<JobEvent> stream = service.watch(WatchRequest.newBuilder().setJobId(jobId).build());
        boolean cancelled = false;
        while (stream.hasNext()) {
            JobEvent event = stream.next();
            events.add(event);
            if (!cancelled && event.hasProgress() && event.getProgress().getEvaluated() > 0) {
                service.cancel(CancelRequest.newBuilder().setJobId(jobId).build());
                cancelled = true;
            }
        }
        assertTrue(cancelled, "a progress event showed evaluated programs: " + events);
        assertTrue(events.subList(0, events.size() - 1).stream().allMatch(JobEvent::hasProgress));
        JobResult result = events.get(events.size() - 1).getResult();
        assertEquals(JobState.CANCELLED, result.getState());
        assertTrue(result.getEvaluated() > 0, result.toString());
        // A finished job's watch sends its result only.
        List<JobEvent> again = new ArrayList<>();
        service.watch(WatchRequest.newBuilder().setJobId(jobId).build()).forEachRemaining(again::add);
        assertEquals(1, again.size());
        assertEquals(result, again.get(0).getResult());
    }
}
