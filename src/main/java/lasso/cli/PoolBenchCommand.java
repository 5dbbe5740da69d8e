package lasso.cli;

import lasso.bench.PoolBench;
import lasso.domain.Domain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "pool",
        mixinStandardHelpOptions = true,
        description = {
                "Measures the executor pool against the raw interpreter on all cores, side by side in one run.",
                "Workload: generated tasks, each with candidate programs (other tasks' programs and mutants of its "
                        + "own), run on the task's examples as a search does (held-out ones only for programs "
                        + "passing every given one).",
                "Raw: one thread per core calls the evaluator on parsed programs. Pool: an embedded node's "
                        + "executor actors (one per core, on their dispatcher) get the programs in batches, as job "
                        + "coordinators send them (chunk-size, credits per executor); once as a synthesizer in the "
                        + "same JVM makes them (tokens with the parsed program), once as tokens only (as from "
                        + "another node: the executor parses each).",
                "Rounds alternate raw and pool; the last lines give programs/s of each and the ratios to raw."})
final class PoolBenchCommand implements Callable<Integer> {

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The domain (karel, c, list).")
    Domain<?, ?, ?> domain;

    @Option(names = "--tasks", defaultValue = "4",
            description = "Generated tasks, one job each feeding the pool at once (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--candidates", defaultValue = "512", description = "Candidates per task (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--threads", description = "Threads and executors (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seconds", defaultValue = "5", description = "Measured time per round and side (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (tasks <= 0 || candidates <= 0 || threads <= 0 || seconds <= 0 || rounds <= 0) {
            throw new IllegalArgumentException("--tasks, --candidates, --threads, --seconds and --rounds must be positive");
        }
        new PoolBench(new PoolBench.Settings(domain, tasks, candidates, threads, seconds, rounds, seed)).run();
        return 0;
    }
}
