package lasso.cli;

import lasso.domain.Example;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingBatcher;
import lasso.model.synthesis.NeuralBeamProposer;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.search.Candidate;
import lasso.search.CandidateStream;
import lasso.search.Proposal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "neural",
        mixinStandardHelpOptions = true,
        description = {
                "Proposals per second of a neural synthesizer serving concurrent jobs, with dynamic batching across "
                        + "jobs and one decode at a time, side by side in one run (alternating, after a warm-up).",
                "Each job opens the NeuralBeamProposer's stream for its own task and takes its first batch (one beam "
                        + "search), again and again; a proposal is one candidate program handed to a job. Checks that "
                        + "batching hands every job the programs it gets alone."})
final class NeuralBench implements Runnable {

    @Option(names = "--model", defaultValue = "c-lasynth", paramLabel = "DIR|NAME",
            description = "The synthesizer (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--tasks", paramLabel = "FILE.jsonl",
            description = "Tasks for the jobs (default: tasks from the domain's generator, seed 7).")
    Path tasks;

    @Option(names = "--jobs", defaultValue = "16", description = "Concurrent jobs (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--beam", defaultValue = "16", description = "Beam width of a job's first batch (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--requests", defaultValue = "4", description = "Streams each job opens per measurement (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--repeats", defaultValue = "2", description = "Measurements of each mode, alternating (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--max-wait-ms", defaultValue = "5", description = "How long a batch waits for more requests (default: ${DEFAULT-VALUE}).")
    int maxWaitMillis;

    @Override
    public void run() {
        Path directory = ShippedModels.resolve(model);
        try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(directory)) {
            bench(synthesizer, directory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private <P, I, O> void bench(NeuralSynthesizer<P, I, O> synthesizer, Path directory) throws java.io.IOException {
        List<SynthesisTasks.Loaded<P, I, O>> loaded = tasks != null ? SynthesisTasks.read(synthesizer.domain(), tasks)
                : SynthesisTasks.generate(synthesizer.domain(), generatorOptions(synthesizer), jobs, 7);
        if (loaded.size() < jobs) {
            throw new IllegalArgumentException("--tasks has " + loaded.size() + " tasks for " + jobs + " jobs");
        }
        List<List<Example<I, O>>> given = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            given.add(loaded.get(j).task().given().stream().filter(e -> e.output() != null).toList());
        }
        System.out.printf(Locale.ROOT, "%s (%s): %d concurrent jobs, beam %d, %d streams per job per measurement, "
                + "batches of up to %d tasks waiting up to %d ms%n", synthesizer.config().name(), directory, jobs, beam,
                requests, jobs, maxWaitMillis);
        try (DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> batched = new DecodingBatcher<>(synthesizer, jobs, Duration.ofMillis(maxWaitMillis));
             DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> single = new DecodingBatcher<>(synthesizer, 1, Duration.ZERO)) {
            List<List<P>> alone = measure(single, given, 1).programs; // warm-up, and the reference results
            measure(batched, given, 1);
            double[] singleRates = new double[repeats];
            double[] batchedRates = new double[repeats];
            Run<P> last = null;
            for (int r = 0; r < repeats; r++) {
                singleRates[r] = measure(single, given, requests).rate();
                last = measure(batched, given, requests);
                batchedRates[r] = last.rate();
                System.out.printf(Locale.ROOT, "  measurement %d: one at a time %.1f proposals/s, batched %.1f proposals/s%n",
                        r + 1, singleRates[r], batchedRates[r]);
            }
            boolean same = last.programs.equals(alone);
            double one = mean(singleRates);
            double many = mean(batchedRates);
            System.out.printf(Locale.ROOT, "one at a time: %.1f proposals/s (%.1f jobs served/s)%n", one, one / beam);
            System.out.printf(Locale.ROOT, "batched:       %.1f proposals/s, mean batch %.1f tasks%n", many,
                    batched.stats().meanBatch());
            System.out.printf(Locale.ROOT, "speed-up: %.2fx; every job got the programs it gets alone: %s%n", many / one,
                    same ? "yes" : "no");
            if (!same) {
                throw new IllegalStateException("batching changed some job's programs");
            }
        }
    }

    private static Map<String, String> generatorOptions(NeuralSynthesizer<?, ?, ?> synthesizer) {
        return synthesizer.domain().name().equals("karel")
                ? Map.of("max-tokens", "30", "max-depth", "3")
                : Map.of("max-statements", "3", "max-locals", "0", "max-tokens", "48", "max-depth", "1");
    }

    private record Run<P>(double seconds, long proposals, List<List<P>> programs) {
        double rate() {
            return proposals / seconds;
        }
    }

    /** Every job, on its own thread, opens {@code count} streams for its task and takes the first batch of each. */
    private <P, I, O> Run<P> measure(DecodingBatcher<List<Example<I, O>>, List<Decoded<P>>> batcher, List<List<Example<I, O>>> given, int count) {
        NeuralBeamProposer<P, I, O> proposer = new NeuralBeamProposer<>(batcher, beam, beam);
        AtomicLong proposals = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<List<P>> programs = new ArrayList<>();
        for (int j = 0; j < given.size(); j++) {
            programs.add(null);
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(given.size());
        for (int j = 0; j < given.size(); j++) {
            int job = j;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int r = 0; r < count; r++) {
                        try (CandidateStream<P> stream = proposer.open(given.get(job), r)) {
                            Proposal<P> proposal = stream.next(beam).toCompletableFuture().join();
                            proposals.addAndGet(proposal.candidates().size());
                            programs.set(job, proposal.candidates().stream().map(Candidate::program).toList());
                        }
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
        return new Run<>(seconds, proposals.get(), programs);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
