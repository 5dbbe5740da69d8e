package lasso.cli;

import lasso.api.v1.SearchOptions;
import lasso.client.JobOptions;
import lasso.client.JobWindow;
import lasso.client.Jobs;
import lasso.client.ResultLine;
import lasso.client.ResultSummary;
import lasso.client.TaskEntry;
import lasso.domain.Domain;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "solve",
        mixinStandardHelpOptions = true,
        description = {
                "Searches a program for every task of a file and writes one JSON line per task.",
                "In-process (an embedded node) by default; through a Lasso server with --server. Tasks are in the "
                        + "domain's format: Karel MSR lines (examples 0-4 given, 5 held out); C and list tasks mark "
                        + "held-out examples with \"heldout\": true.",
                "RESULTS.jsonl, one line per task, in file order: {\"id\", \"status\": solved|unsolved|error, "
                        + "\"program\", \"given_passed\", \"given_total\", \"heldout_passed\", \"heldout_total\", "
                        + "\"expansions\", \"evaluated\", \"millis\", \"stop_reason\"} (and \"message\" for errors and memory-budget stops).",
                "Exits 0 when no task ended in error."})
final class SolveCommand implements Callable<Integer> {

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The task domain (karel, c, list).")
    Domain<?, ?, ?> domain;

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl", description = "The tasks.")
    Path tasks;

    @Option(names = "--out", required = true, paramLabel = "RESULTS.jsonl", description = "The results.")
    Path out;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Jobs in flight at once (default: the node's lasso.jobs.max-running in-process, 4 with --server).")
    Integer parallel;

    @Mixin
    SearchOptionsMixin search;

    @Mixin
    JobTargetOptions target;

    private final long start = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        return solve(domain);
    }

    private <P, I, O> int solve(Domain<P, I, O> domain) throws Exception {
        JobTargetOptions.checkWindow("--parallel", parallel);
        SearchOptions options = search.options();
        List<TaskEntry<I, O>> entries = TaskEntry.read(tasks, domain.taskFormat(), target.maxTaskLineBytes(), System.err);
        ResultWriter writer = new ResultWriter(entries.size());
        try (Jobs jobs = target.open(domain, options, search);
             ProgressBar progress = Progress.bar("solve " + domain.name(), entries.size())) {
            JobWindow.Sink sink = (index, line, failure) -> {
                writer.put(index, line != null ? line
                        : ResultLine.error(entries.get(index).id(), failure.code() + ": " + failure.getMessage()));
                progress.step();
                progress.setExtraMessage(writer.solved() + " solved");
            };
            for (int i = 0; i < entries.size(); i++) {
                if (!entries.get(i).readable()) {
                    sink.done(i, ResultLine.error(entries.get(i).id(), entries.get(i).error()), null);
                }
            }
            JobWindow.run(domain, entries, jobs, JobTargetOptions.window(parallel, jobs, 4), sink);
            writer.finish();
            ResultSummary.print(System.out, String.format(Locale.ROOT, "%s: %d %s tasks, %s, %s", tasks,
                    entries.size(), domain.name(), jobs.describe(), JobOptions.describe(options)),
                    Arrays.asList(writer.lines()), entries.size());
        }
        System.out.printf(Locale.ROOT, "  wall time %.1f s; results in %s%n", (System.nanoTime() - start) / 1e9, out);
        return Arrays.stream(writer.lines()).anyMatch(ResultLine::failed) ? 1 : 0;
    }

    /** Results of the tasks, written in file order as soon as every earlier one is in. */
    private final class ResultWriter {

        private final ResultLine[] lines;
        private final BufferedWriter writer;
        private int written;
        private final AtomicInteger solved = new AtomicInteger();

        ResultWriter(int count) throws IOException {
            this.lines = new ResultLine[count];
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            this.writer = Files.newBufferedWriter(out);
        }

        synchronized void put(int index, ResultLine line) {
            lines[index] = line;
            if (line.solved()) {
                solved.incrementAndGet();
            }
            try {
                while (written < lines.length && lines[written] != null) {
                    writer.write(lines[written].text());
                    writer.newLine();
                    written++;
                }
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int solved() {
            return solved.get();
        }

        synchronized ResultLine[] lines() {
            return lines.clone();
        }

        void finish() throws IOException {
            writer.close();
        }
    }
}
