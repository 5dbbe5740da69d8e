package lasso.cli;

import picocli.CommandLine.Command;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Reproduces a paper's experiment, or measures a part of Lasso, and prints the figures.",
        subcommands = {DeepcoderBenchCommand.class, PoolBenchCommand.class, NeuralBenchCommand.class,
                ClusterBenchCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
