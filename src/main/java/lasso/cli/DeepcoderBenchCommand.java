package lasso.cli;

import lasso.bench.DeepcoderBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "deepcoder",
        mixinStandardHelpOptions = true,
        description = {
                "The DeepCoder paper's Table 1: DFS and Sort-and-add, each ordered by the prior (baseline) and by "
                        + "the network, on P test tasks; prints the timeout needed to solve 20/40/60%% of the tasks, "
                        + "the speedup, and the same in search nodes (machine-independent).",
                "Writes DIR/table.md and DIR/solved.png (fraction solved against time)."})
final class DeepcoderBenchCommand implements Callable<Integer> {

    @Option(names = "--length", defaultValue = "3", description = "Program length T searched (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--tasks", defaultValue = "500", description = "Test tasks P (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--model", defaultValue = "models/deepcoder-t3", paramLabel = "DIR",
            description = "Trained model directory (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--test", paramLabel = "FILE",
            description = "Test tasks file; without it the test split of `dataset deepcoder` with --seed is built.")
    Path test;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the data set whose test split is used (the model's training seed; default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", defaultValue = "10", description = "Seconds per search (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--out", defaultValue = "runs/bench-deepcoder", paramLabel = "DIR",
            description = "Where table.md and solved.png go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (tasks < 1 || timeout <= 0) {
            throw new IllegalArgumentException("--tasks and --timeout must be positive");
        }
        new DeepcoderBench(new DeepcoderBench.Settings(length, tasks, model, test, seed, timeout, out),
                total -> Progress.bar("bench deepcoder", total)).run();
        return 0;
    }
}
