package lasso.loadtest;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.Job;
import lasso.api.v1.JobEvent;
import lasso.api.v1.JobState;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.SubmitRequest;
import lasso.api.v1.SubmitResponse;
import lasso.api.v1.WatchRequest;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One step of an open-loop load test: jobs are sent at the times an {@link Arrivals} schedule fixes in
 * advance, each as {@code Submit} then {@code Watch} to its result, without ever waiting for earlier
 * jobs: a slow server makes jobs wait, it does not slow the offered load. Each job's latency runs from
 * its intended start (not from when it was actually sent) to its result, so a generator that falls
 * behind does not hide the wait either (no coordinated omission). After the sending period the step
 * waits for the outstanding jobs, up to the drain bound; those still unanswered then are lost.
 */
final class LoadStep {

    /** What the step offers. */
    record Plan(double rate, Arrivals.Kind arrivals, Duration length, Duration drain, long seed, String tag) {
    }

    private final LassoGrpc.LassoStub target;
    private final List<Job> jobs;
    private final Plan plan;

    private final Recorder latencies = new Recorder(3);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong maxOutstanding = new AtomicLong();
    private final AtomicLong lastAnswerNanos = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Accepted jobs without their result yet. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final Object drained = new Object();

    /** @param target the servers' stub (one channel over all of them: any API node answers for any job) */
    LoadStep(LassoGrpc.LassoStub target, List<Job> jobs, Plan plan) {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a load step needs at least one job");
        }
        this.target = target;
        this.jobs = jobs;
        this.plan = plan;
    }

    StepResult run() throws InterruptedException {
        Arrivals arrivals = new Arrivals(plan.arrivals(), plan.rate(), plan.seed());
        long start = System.nanoTime();
        long end = start + plan.length().toNanos();
        long intended = start + arrivals.nextOffsetNanos();
        long sent = 0;
        long maxLag = 0;
        long lastSend = start;
        while (intended < end) {
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            lastSend = System.nanoTime();
            maxLag = Math.max(maxLag, lastSend - intended);
            send(sent, intended);
            sent++;
            intended = start + arrivals.nextOffsetNanos();
        }
        long drainDeadline = System.nanoTime() + plan.drain().toNanos();
        synchronized (drained) {
            long left;
            while (outstanding.get() > 0 && (left = drainDeadline - System.nanoTime()) > 0) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        // Jobs still unanswered are lost; cancel them so that they do not load the next step.
        waiting.forEach(jobId -> target.cancel(CancelRequest.newBuilder().setJobId(jobId).build(),
                new Ignored<>()));

        Histogram histogram = latencies.getIntervalHistogram();
        double sendingSeconds = Math.max(plan.length().toNanos(), lastSend - start) / 1e9;
        long answeredAt = lastAnswerNanos.get();
        double answeringSeconds = (answeredAt - start) / 1e9;
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((code, count) -> errorCounts.put(code, count.sum()));
        long acceptedJobs = accepted.get();
        long answeredJobs = answered.get();
        return new StepResult(plan.rate(), sent / sendingSeconds,
                succeeded.get() == 0 || answeringSeconds <= 0 ? 0 : succeeded.get() / answeringSeconds,
                millis(histogram, 50), millis(histogram, 90), millis(histogram, 99),
                histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1000.0,
                sent, acceptedJobs, answeredJobs, errorCounts, acceptedJobs - answeredJobs, maxOutstanding.get(),
                maxLag / 1e6);
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private void send(long index, long intendedNanos) {
        Job job = jobs.get((int) (index % jobs.size())).toBuilder().setLabel(plan.tag() + "-" + index).build();
        long now = outstanding.incrementAndGet();
        maxOutstanding.accumulateAndGet(now, Math::max);
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true) && outstanding.decrementAndGet() == 0) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        };
        target.submit(SubmitRequest.newBuilder().setJob(job).build(), new StreamObserver<>() {
            @Override
            public void onNext(SubmitResponse response) {
                accepted.incrementAndGet();
                waiting.add(response.getJobId());
                watch(response.getJobId(), intendedNanos, end);
            }

            @Override
            public void onError(Throwable failure) {
                error(Status.fromThrowable(failure).getCode().name());
                end.run();
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    private void watch(String jobId, long intendedNanos, Runnable end) {
        target.watch(WatchRequest.newBuilder().setJobId(jobId).build(), new StreamObserver<>() {
            @Override
            public void onNext(JobEvent event) {
                if (!event.hasResult() || !waiting.remove(jobId)) {
                    return;
                }
                long now = System.nanoTime();
                answered.incrementAndGet();
                JobState state = event.getResult().getState();
                if (state == JobState.SOLVED || state == JobState.UNSOLVED) {
                    latencies.recordValue(Math.max(0, (now - intendedNanos) / 1000));
                    succeeded.incrementAndGet();
                    lastAnswerNanos.accumulateAndGet(now, Math::max);
                } else {
                    error(state.name());
                }
                end.run();
            }

            @Override
            public void onError(Throwable failure) {
                end.run();  // accepted and not answered: counted as lost
            }

            @Override
            public void onCompleted() {
                end.run();
            }
        });
    }

    private void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** A call whose answer nobody needs. */
    private static final class Ignored<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
