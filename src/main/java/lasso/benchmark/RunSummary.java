package lasso.benchmark;

import com.typesafe.config.ConfigFactory;
import lasso.client.ResultLine;
import lasso.client.TaskEntry;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.list.ListProgram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * One benchmark run's figures, from its directory: the answers (results.jsonl) against its tasks
 * (run.json names the task files, whose reference programs give the lengths).
 *
 * @param lengths each answered task's reference program length (tokens; statements for the list DSL),
 *                by id; absent where a task has no reference program or it does not parse
 */
public record RunSummary(Path dir, RunManifest manifest, int tasks, List<ResultLine> lines,
                         Map<String, Integer> lengths) {

    /** Latency percentiles of the answered tasks, in milliseconds. */
    public record Latency(long p50, long p90, long p99, long max, double mean) {
    }

    /** Tasks and solved ones for one range of program lengths. */
    public record LengthBucket(String label, int low, int high, int tasks, int solved, int generalized) {

        public double solvedFraction() {
            return tasks == 0 ? 0 : (double) solved / tasks;
        }
    }

    /**
     * Reads a run's directory.
     *
     * @throws IOException when it is not a benchmark run's directory
     */
    public static RunSummary read(Path dir) throws IOException {
        Path manifestFile = dir.resolve(BenchmarkRun.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(dir + ": not a benchmark run (no " + BenchmarkRun.MANIFEST + "; make one with "
                    + "./lasso benchmark run --out " + dir + ")");
        }
        RunManifest manifest = RunManifest.read(manifestFile);
        // Read only: the run may be going on.
        List<ResultLine> lines = new ArrayList<>(ResultsLog.read(dir.resolve(BenchmarkRun.RESULTS)).values());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Map<String, Integer> lengths = new HashMap<>();
        int tasks = 0;
        Domain<?, ?, ?> domain = Domains.named(manifest.domain());
        long maxLineBytes = ConfigFactory.load().getBytes("lasso.limits.max-task-line-bytes");
        for (String file : manifest.tasks()) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IOException(dir + ": the run's task file " + file + " is gone");
            }
            for (TaskEntry<?, ?> entry : TaskEntry.read(path, domain.taskFormat(), maxLineBytes, quiet)) {
                tasks++;
                if (entry.readable() && !entry.task().program().isBlank()) {
                    length(domain, entry.task().program()).ifPresent(n -> lengths.put(entry.id(), n));
                }
            }
        }
        return new RunSummary(dir, manifest, tasks, List.copyOf(lines), Map.copyOf(lengths));
    }

    private static OptionalInt length(Domain<?, ?, ?> domain, String program) {
        try {
            Object parsed = domain.parse(program);
            return OptionalInt.of(parsed instanceof ListProgram list ? list.statements().size()
                    : domain.tokenize(program).size());
        } catch (ProgramSyntaxException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The directory's name and the run's label, for legends. */
    public String name() {
        return dir.toAbsolutePath().normalize().getFileName() + " (" + manifest.label() + ")";
    }

    public long count(Predicate<ResultLine> which) {
        return lines.stream().filter(which).count();
    }

    public double fraction(Predicate<ResultLine> which) {
        return tasks == 0 ? 0 : (double) count(which) / tasks;
    }

    public Latency latency() {
        Histogram histogram = new Histogram(3_600_000L, 3);
        for (ResultLine line : lines) {
            if (!line.failed()) {
                histogram.recordValue(Math.min(Math.max(0, line.millis()), histogram.getHighestTrackableValue()));
            }
        }
        if (histogram.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0);
        }
        return new Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getMaxValue(), histogram.getMean());
    }

    /** Solved tasks' times (or programs evaluated), sorted: the curve of the solved fraction against a budget. */
    public long[] solvedSorted(ToLongFunction<ResultLine> measure) {
        return lines.stream().filter(ResultLine::solved).mapToLong(measure).sorted().toArray();
    }

    /** Answered tasks by reference program length, in about eight equal ranges. */
    public List<LengthBucket> byLength() {
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        for (ResultLine line : lines) {
            Integer length = lengths.get(line.id());
            if (length != null) {
                int[] count = counts.computeIfAbsent(length, n -> new int[3]);
                count[0]++;
                count[1] += line.solved() ? 1 : 0;
                count[2] += line.generalizes() ? 1 : 0;
            }
        }
        if (counts.isEmpty()) {
            return List.of();
        }
        int low = counts.firstKey();
        int width = Math.max(1, (counts.lastKey() - low + 8) / 8);
        List<LengthBucket> buckets = new ArrayList<>();
        for (int from = low; from <= counts.lastKey(); from += width) {
            int to = from + width - 1;
            int[] sum = new int[3];
            counts.subMap(from, true, to, true).values().forEach(c -> {
                sum[0] += c[0];
                sum[1] += c[1];
                sum[2] += c[2];
            });
            if (sum[0] > 0) {
                buckets.add(new LengthBucket(width == 1 ? String.valueOf(from) : from + "-" + to, from, to,
                        sum[0], sum[1], sum[2]));
            }
        }
        return buckets;
    }
}
