package lasso.benchmark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import lasso.api.v1.SearchOptions;
import lasso.client.JobOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a benchmark run is ({@code DIR/run.json}): its domain, task files and search options. A run
 * resumed in the same directory must be the same run; only where it runs may change.
 *
 * @param tasks    the task files, as absolute paths
 * @param strategy the strategy's label, or {@code default} (the nodes' own)
 * @param proposer the in-process synthesizer's name; empty for the node's default or a server's
 * @param where    where the latest session ran (in-process, or the servers)
 */
public record RunManifest(String domain, List<String> tasks, String strategy, long maxEvaluated, long maxExpansions,
                          long deadlineMillis, int batchSize, int editsPerExpansion, long seed, String proposer,
                          String where) {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunManifest {
        tasks = List.copyOf(tasks);
    }

    public static RunManifest of(String domain, List<Path> tasks, SearchOptions options, String proposer, String where) {
        List<String> files = new ArrayList<>();
        tasks.forEach(file -> files.add(file.toAbsolutePath().normalize().toString()));
        return new RunManifest(domain, files, JobOptions.strategy(options), options.getMaxEvaluated(),
                options.getMaxExpansions(), options.getDeadlineMillis(), options.getBatchSize(),
                options.getEditsPerExpansion(), options.getSeed(), proposer == null ? "" : proposer, where);
    }

    public static RunManifest read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), RunManifest.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a benchmark run's manifest: " + e.getMessage(), e);
        }
    }

    public void write(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        JSON.writeValue(partial.toFile(), this);
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Whether {@code other} is the same run (where it runs aside).
     *
     * @return empty when it is, else what differs
     */
    public List<String> differences(RunManifest other) {
        List<String> differences = new ArrayList<>();
        compare(differences, "domain", domain, other.domain);
        compare(differences, "task files", tasks, other.tasks);
        compare(differences, "strategy", strategy, other.strategy);
        compare(differences, "budget evaluated", maxEvaluated, other.maxEvaluated);
        compare(differences, "budget expansions", maxExpansions, other.maxExpansions);
        compare(differences, "budget deadline (ms)", deadlineMillis, other.deadlineMillis);
        compare(differences, "batch size", batchSize, other.batchSize);
        compare(differences, "edits per expansion", editsPerExpansion, other.editsPerExpansion);
        compare(differences, "seed", seed, other.seed);
        compare(differences, "proposer", proposer, other.proposer);
        return differences;
    }

    private static void compare(List<String> differences, String what, Object recorded, Object given) {
        if (!Objects.equals(recorded, given)) {
            differences.add(what + ": recorded " + recorded + ", given " + given);
        }
    }

    /** A short name for legends: the strategy and the budgets. */
    public String label() {
        StringBuilder label = new StringBuilder(strategy);
        if (!proposer.isEmpty()) {
            label.append(", ").append(proposer);
        }
        if (maxEvaluated > 0) {
            label.append(", ≤").append(maxEvaluated).append(" programs");
        }
        return label.toString();
    }
}
