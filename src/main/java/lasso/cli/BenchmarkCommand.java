package lasso.cli;

import lasso.api.v1.SearchOptions;
import lasso.benchmark.BenchmarkReport;
import lasso.benchmark.BenchmarkRun;
import lasso.benchmark.EvaluationSet;
import lasso.benchmark.RunManifest;
import lasso.benchmark.RunSummary;
import lasso.client.JobOptions;
import lasso.client.Jobs;
import lasso.client.ResultLine;
import lasso.client.ResultSummary;
import lasso.client.TaskEntry;
import lasso.domain.Domain;
import lasso.domain.Domains;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Large benchmark runs that survive interruptions, their reports, and the papers' evaluation sets.",
        subcommands = {BenchmarkCommand.Run.class, BenchmarkCommand.Report.class, BenchmarkCommand.Tasks.class})
final class BenchmarkCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "run",
            mixinStandardHelpOptions = true,
            description = {
                    "Runs every task of the task files (or of an evaluation set) as a job, in-process or through "
                            + "Lasso servers, with at most --window jobs in flight, and appends each result to "
                            + "DIR/results.jsonl as it arrives (solve's result format, one line per task, by id).",
                    "Run it again with the same DIR to resume: finished tasks are skipped, so a run interrupted at "
                            + "any moment (even by kill -9) ends with exactly one line per task. Busy servers "
                            + "(RESOURCE_EXHAUSTED) are retried after a backoff; unreachable ones (UNAVAILABLE) "
                            + "too, their jobs going to the other servers meanwhile. A job that gets no answer is "
                            + "noted in DIR/failures.jsonl, not in the results, so a rerun tries it again.",
                    "Exits 0 when every task has its line, 1 when some got no answer (run again to resume them)."})
    static final class Run implements Callable<Integer> {

        @Option(names = "--domain", converter = DomainConverter.class,
                description = "The task domain (karel, c, list); an evaluation set knows its own.")
        Domain<?, ?, ?> domain;

        @Option(names = "--tasks", arity = "1..*", paramLabel = "FILE.jsonl",
                description = "Task files (ids unique across them).")
        List<Path> tasks = new ArrayList<>();

        @Option(names = "--set", paramLabel = "NAME",
                description = "An evaluation set instead of task files (see `benchmark tasks --list`); made once, "
                        + "into DIR/tasks.jsonl.")
        String set;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's directory.")
        Path out;

        @Option(names = "--window", paramLabel = "N",
                description = "Jobs in flight at once (default: the node's lasso.jobs.max-running in-process, 16 "
                        + "with --server).")
        Integer window;

        @Mixin
        SearchOptionsMixin search;

        @Mixin
        JobTargetOptions target;

        @Override
        public Integer call() throws Exception {
            JobTargetOptions.checkWindow("--window", window);
            if ((set == null) == tasks.isEmpty()) {
                throw new IllegalArgumentException("give either --tasks FILE… or --set NAME");
            }
            if (set != null) {
                EvaluationSet evaluation = EvaluationSet.named(set);
                Domain<?, ?, ?> own = Domains.named(evaluation.domain());
                if (domain != null && !domain.name().equals(own.name())) {
                    throw new IllegalArgumentException("--set " + set + " is a " + own.name() + " set, not "
                            + domain.name());
                }
                domain = own;
                Path file = out.resolve("tasks.jsonl");
                if (!Files.exists(file)) {
                    System.err.println("making evaluation set " + set + " in " + file + " (" + evaluation.command() + ")");
                    Path partial = out.resolve("tasks.jsonl.partial");
                    evaluation.write(partial, Runtime.getRuntime().availableProcessors(),
                            line -> System.err.println(set + ": " + line));
                    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                tasks = List.of(file);
            } else if (domain == null) {
                throw new IllegalArgumentException("--domain is required with --tasks");
            }
            return run(domain);
        }

        private <P, I, O> int run(Domain<P, I, O> domain) throws IOException, InterruptedException {
            List<TaskEntry<I, O>> entries = new ArrayList<>();
            for (Path file : tasks) {
                entries.addAll(TaskEntry.read(file, domain.taskFormat(), target.maxTaskLineBytes(), System.err));
            }
            Set<String> ids = new HashSet<>();
            entries.forEach(entry -> ids.add(entry.id()));
            SearchOptions options = search.options();
            long start = System.nanoTime();
            BenchmarkRun.Outcome outcome;
            BenchmarkRun.prepare(out, RunManifest.of(domain.name(), tasks, options, target.proposer,
                    target.server == null ? "in-process" : "through " + target.server));
            try (Jobs jobs = target.open(domain, options, search)) {
                RunManifest manifest = RunManifest.of(domain.name(), tasks, options, target.proposer, jobs.describe());
                int inFlight = JobTargetOptions.window(window, jobs, 16);
                ProgressListener listener = new ProgressListener("benchmark " + domain.name());
                try {
                    outcome = BenchmarkRun.run(out, manifest, domain, entries, jobs, inFlight, listener, System.err);
                } finally {
                    listener.close();
                }
                ResultSummary.print(System.out, String.format(Locale.ROOT, "%s: %d %s tasks, %s, %s", out,
                        outcome.tasks(), domain.name(), jobs.describe(), JobOptions.describe(options)),
                        outcome.lines().values().stream().filter(line -> ids.contains(line.id())).toList(),
                        outcome.tasks());
            }
            System.out.printf(Locale.ROOT, "  this session: %d answered, %d resumed from earlier, %d without an "
                            + "answer; wall time %.1f s; results in %s%n", outcome.answered(), outcome.resumed(),
                    outcome.unanswered(), (System.nanoTime() - start) / 1e9, out.resolve(BenchmarkRun.RESULTS));
            if (!outcome.complete()) {
                System.out.printf("  run the same command again to resume the %d tasks without an answer (reasons in %s)%n",
                        outcome.unanswered(), out.resolve(BenchmarkRun.FAILURES));
                return 1;
            }
            return 0;
        }
    }

    /** The progress bar: tasks with a line, solved and failed counts, and the ETA of the tasks left. */
    private static final class ProgressListener implements BenchmarkRun.Listener {

        private final String name;
        private ProgressBar bar;
        private final AtomicInteger solved = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private final AtomicInteger unanswered = new AtomicInteger();

        ProgressListener(String name) {
            this.name = name;
        }

        @Override
        public void resumed(int tasks, int done, int solvedBefore, int errorsBefore) {
            solved.set(solvedBefore);
            errors.set(errorsBefore);
            bar = Progress.builder(name, tasks).startsFrom(done, Duration.ZERO).build();
            message();
        }

        @Override
        public void answered(ResultLine line) {
            if (line.solved()) {
                solved.incrementAndGet();
            } else if (line.failed()) {
                errors.incrementAndGet();
            }
            bar.step();
            message();
        }

        @Override
        public void notAnswered(String id, Jobs.NotAnsweredException failure) {
            unanswered.incrementAndGet();
            message();
        }

        private void message() {
            bar.setExtraMessage(" " + solved.get() + " solved, " + errors.get() + " failed"
                    + (unanswered.get() > 0 ? ", " + unanswered.get() + " no answer" : ""));
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    @Command(name = "report",
            mixinStandardHelpOptions = true,
            description = {
                    "Reports on benchmark runs: in each DIR, report.json (the figures), report.md and PNG plots (the "
                            + "solved fraction against time and against programs evaluated, accuracy by program "
                            + "length, the latency distribution).",
                    "With several DIRs, the runs are also compared side by side in --out."})
    static final class Report implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Benchmark run directories.")
        List<Path> dirs;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Where the comparison of several runs goes (default: runs/benchmark-report).")
        Path out = Path.of("runs", "benchmark-report");

        @Override
        public Integer call() throws IOException {
            List<RunSummary> runs = new ArrayList<>();
            for (Path dir : dirs) {
                RunSummary run = RunSummary.read(dir);
                BenchmarkReport.write(List.of(run), dir);
                runs.add(run);
                System.out.printf(Locale.ROOT, "%s: %d of %d tasks answered, %.1f %% solved; report in %s%n",
                        run.name(), run.lines().size(), run.tasks(), 100 * run.fraction(ResultLine::solved),
                        dir.resolve(BenchmarkReport.MARKDOWN_FILE));
            }
            if (runs.size() > 1) {
                BenchmarkReport.write(runs, out);
                System.out.println("comparison in " + out.resolve(BenchmarkReport.MARKDOWN_FILE));
            }
            return 0;
        }
    }

    @Command(name = "tasks",
            mixinStandardHelpOptions = true,
            description = "Writes one of the papers' evaluation sets as a task file (deterministic), or lists them.")
    static final class Tasks implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "NAME", description = "The set (see --list).")
        String name;

        @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Where the tasks go.")
        Path out;

        @Option(names = "--list", description = "List the sets with what each reproduces and its command.")
        boolean list;

        @Override
        public Integer call() throws IOException {
            if (list || name == null) {
                for (EvaluationSet set : EvaluationSet.ALL) {
                    System.out.printf("%-13s %s%n              %s%n", set.name(), set.description(), set.command());
                }
                return 0;
            }
            EvaluationSet set = EvaluationSet.named(name);
            if (out == null) {
                throw new IllegalArgumentException("--out FILE.jsonl is required");
            }
            set.write(out, Runtime.getRuntime().availableProcessors(), line -> System.err.println(name + ": " + line));
            System.err.printf("wrote %d %s tasks (%s) to %s%n", set.count(), set.domain(), name, out);
            return 0;
        }
    }
}
