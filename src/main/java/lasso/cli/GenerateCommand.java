package lasso.cli;

import lasso.domain.Domain;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
                "Generates a data set of random tasks in the domain's JSON-lines format.",
                "Deterministic for a seed, whatever the number of threads."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The task domain (karel, c, list).")
    Domain<?, ?, ?> domain;

    @Option(names = "--count", required = true, description = "Number of tasks.")
    long count;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output file.")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A generator option of the domain (repeatable), e.g. --set max-rows=8.")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("--count must not be negative");
        }
        generate(domain);
        return 0;
    }

    private <P, I, O> void generate(Domain<P, I, O> domain) throws IOException {
        TaskGenerator<P, I, O> generator = domain.generator(options);
        try (ProgressBar progress = Progress.bar("generate " + domain.name(), count)) {
            TaskGeneration.writeFile(domain, generator, count, seed, threads, out, progress::step);
        }
        System.err.println("wrote " + count + " tasks to " + out);
    }
}
