package lasso.bench;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.Trace;
import lasso.model.sed.NeuralDebugger;
import lasso.model.sed.NeuralEditor;
import lasso.model.synthesis.BatchDecoder;
import lasso.model.synthesis.DecodingBatcher;
import lasso.model.synthesis.NeuralBeamProposer;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.search.Candidate;
import lasso.search.CandidateStream;
import lasso.search.EditRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Proposals per second of a neural synthesizer, or debugger calls per second of a SED debugger, serving
 * concurrent jobs ({@code ./lasso bench neural}): dynamic batching across jobs against one decode at a
 * time, side by side in one run, checking that batching hands every job what it gets alone.
 */
public final class NeuralBench {

    /**
     * @param model         the synthesizer or debugger (a directory or a shipped model's name)
     * @param maxWaitMillis how long a batch waits for more requests
     */
    public record Settings(String model, int jobs, int beam, int requests, int repeats, int maxWaitMillis) {
    }

    /** A job's task: the examples with outputs that it is given, and its reference program. */
    public record JobTask<P, I, O>(List<Example<I, O>> given, P program) {
    }

    /** Where the jobs' tasks come from, once the model has told the domain: at least one per job. */
    public interface TaskSource {
        <P, I, O> List<JobTask<P, I, O>> tasks(Domain<P, I, O> domain) throws java.io.IOException;
    }

    private final String model;
    private final int jobs;
    private final int beam;
    private final int requests;
    private final int repeats;
    private final int maxWaitMillis;
    private final TaskSource tasks;

    public NeuralBench(Settings settings, TaskSource tasks) {
        this.model = settings.model();
        this.jobs = settings.jobs();
        this.beam = settings.beam();
        this.requests = settings.requests();
        this.repeats = settings.repeats();
        this.maxWaitMillis = settings.maxWaitMillis();
        this.tasks = tasks;
    }

    /** Loads the model, runs both modes side by side and prints the figures. */
    public void run() {
        Path directory = ShippedModels.resolve(model);
        try {
            if (NeuralDebugger.isDebugger(directory)) {
                try (NeuralDebugger<?, ?, ?> debugger = NeuralDebugger.load(directory)) {
                    benchDebugger(debugger, directory);
                }
            } else {
                try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(directory)) {
                    benchSynthesizer(synthesizer, directory);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private <P, I, O> void benchSynthesizer(NeuralSynthesizer<P, I, O> synthesizer, Path directory) throws java.io.IOException {
        List<JobTask<P, I, O>> loaded = tasks.tasks(synthesizer.domain());
        List<List<Example<I, O>>> given = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            given.add(loaded.get(j).given());
        }
        System.out.printf(Locale.ROOT, "%s (%s): %d concurrent jobs, beam %d, %d streams per job per measurement, "
                + "batches of up to %d tasks waiting up to %d ms%n", synthesizer.config().name(), directory, jobs, beam,
                requests, jobs, maxWaitMillis);
        compare(synthesizer, "proposals", batcher -> {
            NeuralBeamProposer<P, I, O> proposer = new NeuralBeamProposer<>(batcher, beam, beam);
            return (job, request) -> {
                try (CandidateStream<P> stream = proposer.open(given.get(job), request)) {
                    return stream.next(beam).toCompletableFuture().join().candidates().stream().map(Candidate::program)
                            .toList();
                }
            };
        });
    }

    /** Each job asks the debugger, again and again, to edit a mutant of its task's program (beam {@code --beam}). */
    private <P, I, O> void benchDebugger(NeuralDebugger<P, I, O> debugger, Path directory) throws java.io.IOException {
        Domain<P, I, O> domain = debugger.domain();
        List<JobTask<P, I, O>> loaded = tasks.tasks(domain);
        List<EditRequest<P, I, O>> requests = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int j = 0; j < jobs; j++) {
            List<Example<I, O>> given = loaded.get(j).given();
            P mutant = domain.mutator().mutateChain(loaded.get(j).program(), random).orElse(loaded.get(j).program());
            List<Trace<?>> traces = given.stream().<Trace<?>>map(e -> domain.trace(mutant, e.input())).toList();
            requests.add(new EditRequest<>(given, new Candidate<>(mutant, 0), traces, beam, j));
        }
        System.out.printf(Locale.ROOT, "%s (%s): %d concurrent jobs, each editing a mutant of its task with beam %d, %d "
                + "debugger calls per job per measurement, batches of up to %d calls waiting up to %d ms%n",
                debugger.config().name(), directory, jobs, beam, this.requests, jobs, maxWaitMillis);
        compare(debugger, "debugger calls", batcher -> {
            NeuralEditor<P, I, O> editor = new NeuralEditor<>(domain, batcher, null);
            return (job, request) -> editor.edit(requests.get(job)).toCompletableFuture().join().stream()
                    .map(Candidate::program).toList();
        });
    }

    /** One job's request: what it got back. */
    private interface Call {
        List<?> call(int job, int request);
    }

    /**
     * Both modes side by side: one batcher that decodes one request at a time, one that batches up to
     * {@code jobs}; after a warm-up of each, alternating measurements; checks that batching changes no
     * job's results. A unit is one request ("debugger calls") or one item it returns ("proposals").
     */
    private <Q, R> void compare(BatchDecoder<Q, R> decoder, String unit,
                                java.util.function.Function<DecodingBatcher<Q, R>, Call> calls) {
        boolean perRequest = unit.equals("debugger calls");
        try (DecodingBatcher<Q, R> batched = new DecodingBatcher<>(decoder, jobs, Duration.ofMillis(maxWaitMillis));
             DecodingBatcher<Q, R> single = new DecodingBatcher<>(decoder, 1, Duration.ZERO)) {
            Call one = calls.apply(single);
            Call many = calls.apply(batched);
            List<List<?>> alone = measure(one, 1).results; // warm-up, and the reference results
            measure(many, 1);
            double[] singleRates = new double[repeats];
            double[] batchedRates = new double[repeats];
            Run last = null;
            for (int r = 0; r < repeats; r++) {
                singleRates[r] = measure(one, requests).rate(perRequest);
                last = measure(many, requests);
                batchedRates[r] = last.rate(perRequest);
                System.out.printf(Locale.ROOT, "  measurement %d: one at a time %.1f %s/s, batched %.1f %s/s%n",
                        r + 1, singleRates[r], unit, batchedRates[r], unit);
            }
            boolean same = last.results.equals(alone);
            double oneRate = mean(singleRates);
            double manyRate = mean(batchedRates);
            System.out.printf(Locale.ROOT, "one at a time: %.1f %s/s%n", oneRate, unit);
            System.out.printf(Locale.ROOT, "batched:       %.1f %s/s, mean batch %.1f requests%n", manyRate, unit,
                    batched.stats().meanBatch());
            System.out.printf(Locale.ROOT, "speed-up: %.2fx; every job got the results it gets alone: %s%n",
                    manyRate / oneRate, same ? "yes" : "no");
            if (!same) {
                throw new IllegalStateException("batching changed some job's results");
            }
        }
    }

    private record Run(double seconds, long requests, long items, List<List<?>> results) {
        double rate(boolean perRequest) {
            return (perRequest ? requests : items) / seconds;
        }
    }

    /** Every job, on its own thread, makes {@code count} requests. */
    private Run measure(Call call, int count) {
        AtomicLong items = new AtomicLong();
        AtomicLong made = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<List<?>> results = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            results.add(null);
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(jobs);
        for (int j = 0; j < jobs; j++) {
            int job = j;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int r = 0; r < count; r++) {
                        List<?> result = call.call(job, r);
                        items.addAndGet(result.size());
                        made.incrementAndGet();
                        results.set(job, result);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "job-" + j);
            thread.setDaemon(true);
            thread.start();
        }
        long begin = System.nanoTime();
        start.countDown();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a job failed: " + failure.get(), failure.get());
        }
        return new Run(seconds, made.get(), items.get(), results);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
