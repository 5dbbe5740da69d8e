package lasso.cli;

import lasso.api.ApiSettings;
import lasso.api.JobRequests;
import lasso.api.LassoClient;
import lasso.api.LassoServer;
import lasso.api.v1.Job;
import lasso.api.v1.SearchOptions;
import lasso.client.JobOptions;
import lasso.client.TaskEntry;
import lasso.domain.Domain;
import lasso.loadtest.Arrivals;
import lasso.loadtest.LoadReport;
import lasso.loadtest.LoadTest;
import lasso.loadtest.StepResult;
import lasso.runtime.LassoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "loadtest",
        mixinStandardHelpOptions = true,
        description = {
                "The load-testing harness (loadtests/run): open-loop steps of rising rate, each job a real Submit and "
                        + "Watch over gRPC built from the task files, sent at times fixed in advance (fixed or Poisson "
                        + "arrivals) whatever the server's speed; latency from each job's intended start to its "
                        + "result, in HdrHistogram.",
                "Writes DIR/report.json ({\"steps\": [{\"offered_rate\", \"achieved_rate\", \"p50_ms\", \"p90_ms\", "
                        + "\"p99_ms\", \"max_ms\", \"accepted\", \"answered\", \"errors\": {status: count}, \"lost\"}]}), "
                        + "DIR/report.md and DIR/latency-vs-rate.png; with --slo also DIR/slo.json, the highest rate "
                        + "whose p99 stays within the bound with every job answered.",
                "Exits 0 when no accepted job was lost."})
final class LoadtestCommand implements Callable<Integer> {

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT[,…]|embedded",
            description = "The servers, the API nodes of one cluster (calls spread over those that answer), or `embedded`: a node started in this JVM, "
                    + "configured by --config and the node options, behind a real gRPC server on 127.0.0.1.")
    String target;

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The task domain (karel, c, list).")
    Domain<?, ?, ?> domain;

    @Option(names = "--tasks", required = true, arity = "1..*", paramLabel = "FILE.jsonl",
            description = "Task files; the jobs cycle through their tasks.")
    List<Path> tasks;

    @Option(names = "--rates", required = true, split = ",", paramLabel = "JOBS_PER_S",
            description = "Offered rates of the steps, in jobs per second, e.g. 5,10,20,40.")
    List<Double> rates;

    @Option(names = "--step", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long each step sends (default: ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--drain", defaultValue = "2m", converter = DurationConverter.class,
            description = "After a step, the longest wait for its jobs' answers; jobs still waiting are lost "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "A first step at the first rate, not reported, to warm the servers up (default: none).")
    Duration warmup;

    @Option(names = "--arrivals", defaultValue = "poisson", paramLabel = "fixed|poisson",
            description = "Arrival process (default: ${DEFAULT-VALUE}).")
    String arrivals;

    @Option(names = "--slo", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A p99 latency bound: rising stops at the first step outside it, and --refine more steps "
                    + "bisect between the last rate within and that one.")
    Duration slo;

    @Option(names = "--refine", defaultValue = "2", description = "Bisection steps after --slo is crossed (default: ${DEFAULT-VALUE}).")
    int refine;

    @Option(names = "--arrival-seed", defaultValue = "1", description = "Seed of the Poisson arrivals (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the report goes.")
    Path out;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LASSO_TOKEN}",
            description = "The servers' bearer token (default: the LASSO_TOKEN variable).")
    String token;

    @Mixin
    SearchOptionsMixin search;

    @Mixin
    NodeOptions node;

    @Mixin
    ClientTlsOptions tls;

    @Override
    public Integer call() throws Exception {
        for (double rate : rates) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rates: each rate must be a positive number of jobs per second, not " + rate);
            }
        }
        if (refine < 0) {
            throw new IllegalArgumentException("--refine must not be negative");
        }
        Arrivals.Kind kind = Arrivals.Kind.fromLabel(arrivals);
        SearchOptions options = search.options();
        List<Job> jobs = jobs(domain, options);
        if (target.equals("embedded")) {
            try (LassoRuntime runtime = LassoRuntime.start(node.load())) {
                LassoServer server = LassoServer.listening(runtime, new ApiSettings("127.0.0.1", 0, 64 << 20, ""))
                        .start();
                try {
                    return run("127.0.0.1:" + server.port(), "", null, jobs, kind, options,
                            "an embedded node (" + runtime.settings().maxRunning() + " jobs at once, "
                                    + runtime.settings().executors() + " executors) in the generator's JVM");
                } finally {
                    server.stop(Duration.ofSeconds(10));
                }
            }
        }
        return run(JobTargetOptions.checkEndpoints("--target", target), token, tls.settings(), jobs, kind, options,
                target);
    }

    private <I, O> List<Job> jobs(Domain<?, I, O> domain, SearchOptions options) throws java.io.IOException {
        List<Job> jobs = new ArrayList<>();
        for (Path file : tasks) {
            for (TaskEntry<I, O> entry : TaskEntry.read(file, domain.taskFormat(), node.load().getBytes("lasso.limits.max-task-line-bytes"),
                    System.err)) {
                if (entry.readable()) {
                    jobs.add(JobRequests.toJob(domain.name(), entry.task(), options));
                }
            }
        }
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("--tasks: no readable task in " + tasks);
        }
        return jobs;
    }

    private int run(String endpoints, String credentials, LassoClient.Tls security, List<Job> jobs,
                    Arrivals.Kind kind, SearchOptions options, String where) throws Exception {
        LoadTest test = new LoadTest(endpoints, credentials, security, jobs, rates, kind, step, drain, warmup,
                Optional.ofNullable(slo), refine, seed);
        System.err.printf(Locale.ROOT, "load test of %s: %d %s jobs cycled, %s; %s arrivals, steps of %.1f s%n", where,
                jobs.size(), domain.name(), JobOptions.describe(options), kind.name().toLowerCase(Locale.ROOT),
                step.toMillis() / 1000.0);
        LoadTest.Outcome outcome = test.run(result -> System.err.printf(Locale.ROOT,
                "rate %6.1f/s: offered %6.2f/s, achieved %6.2f/s, p50 %7.0f ms, p99 %7.0f ms, max %7.0f ms, "
                        + "accepted %d, answered %d, errors %s, lost %d%n", result.targetRate(), result.offeredRate(),
                result.achievedRate(), result.p50Millis(), result.p99Millis(), result.maxMillis(), result.accepted(),
                result.answered(), result.errors(), result.lost()));
        Optional<Double> bound = Optional.ofNullable(slo).map(d -> (double) d.toMillis());
        LoadReport.write(out, String.format(Locale.ROOT, "Target: %s. Jobs: %d %s tasks from %s, cycled; %s. "
                        + "Arrivals: %s, steps of %.1f s%s.", where, jobs.size(), domain.name(), tasks,
                JobOptions.describe(options), kind.name().toLowerCase(Locale.ROOT), step.toMillis() / 1000.0,
                warmup.isZero() ? "" : String.format(Locale.ROOT, " after a warm-up of %.1f s", warmup.toMillis() / 1000.0)),
                outcome, bound);
        bound.ifPresent(millis -> System.out.println(outcome.bestWithinSlo()
                .map(rate -> String.format(Locale.ROOT, "highest rate with p99 <= %.0f ms and every job answered: %.1f jobs/s",
                        millis, rate))
                .orElse(String.format(Locale.ROOT, "no step stayed within p99 <= %.0f ms", millis))));
        System.out.println("report in " + out.resolve(LoadReport.MARKDOWN_FILE));
        return outcome.steps().stream().mapToLong(StepResult::lost).sum() == 0 ? 0 : 1;
    }
}
