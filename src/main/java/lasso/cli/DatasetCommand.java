package lasso.cli;

import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListDatasetBuilder;
import lasso.domain.list.ListSemantics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Builds a model's training and test data.",
        subcommands = DatasetCommand.Deepcoder.class)
final class DatasetCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "deepcoder",
            mixinStandardHelpOptions = true,
            description = {
                    "The DeepCoder data sets (paper §4.2): every list-DSL program of exactly --length statements "
                            + "is enumerated, redundant and equivalent programs are pruned, the rest shuffled with "
                            + "the seed; test tasks first, then training tasks that behave differently from every "
                            + "test task on its inputs. Writes DIR/train.jsonl and DIR/test.jsonl (list task format "
                            + "with attributes)."})
    static final class Deepcoder implements Callable<Integer> {

        @Option(names = "--length", defaultValue = "3", description = "Program length T (default: ${DEFAULT-VALUE}).")
        int length;

        @Option(names = "--train", defaultValue = "100000", description = "Training tasks (default: ${DEFAULT-VALUE}).")
        int train;

        @Option(names = "--test", defaultValue = "500", description = "Test tasks (default: ${DEFAULT-VALUE}).")
        int test;

        @Option(names = "--examples", defaultValue = "5", description = "Examples per task (default: ${DEFAULT-VALUE}).")
        int examples;

        @Option(names = "--max-list-length", defaultValue = "20",
                description = "Longest input list (default: ${DEFAULT-VALUE}).")
        int maxListLength;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (train < 0 || test < 0) {
                throw new IllegalArgumentException("--train and --test must not be negative");
            }
            long start = System.nanoTime();
            ListDatasetBuilder builder = new ListDatasetBuilder(length, examples,
                    new ExampleSampler(1, Math.min(maxListLength, ListSemantics.MAX_LENGTH)));
            ListDatasetBuilder.Dataset dataset = builder.build(train, test, seed, line -> System.err.println("dataset: " + line));
            Files.createDirectories(out);
            ListDatasetBuilder.write(out.resolve("train.jsonl"), "train", dataset.train());
            ListDatasetBuilder.write(out.resolve("test.jsonl"), "test", dataset.test());
            System.out.printf("wrote %d training and %d test tasks of length %d to %s in %.1f s (%d programs enumerated, "
                            + "%d distinct, %d training programs dropped as test duplicates)%n",
                    dataset.train().size(), dataset.test().size(), length, out, (System.nanoTime() - start) / 1e9,
                    dataset.stats().enumerated(), dataset.stats().unique(), dataset.stats().trainDroppedAsTestDuplicates());
            return 0;
        }
    }
}
