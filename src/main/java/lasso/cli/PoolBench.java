package lasso.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.runtime.JobCodec;
import lasso.runtime.JobSpec;
import lasso.runtime.LassoRuntime;
import lasso.runtime.PoolBenchmark;
import lasso.runtime.Program;
import lasso.search.Evaluator;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

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
final class PoolBench implements Callable<Integer> {

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

    /**
     * A task's parsed candidates with its evaluator (raw), and the same for the pool: as a synthesizer
     * in this JVM sends them (tokens with the parsed program) and as they come from another node
     * (tokens only, parsed by the executor).
     */
    private record Work<P>(Evaluator<P, ?, ?> evaluator, List<P> programs, PoolBenchmark.Workload local,
                           PoolBenchmark.Workload remote) {
    }

    @Override
    public Integer call() throws Exception {
        if (tasks <= 0 || candidates <= 0 || threads <= 0 || seconds <= 0 || rounds <= 0) {
            throw new IllegalArgumentException("--tasks, --candidates, --threads, --seconds and --rounds must be positive");
        }
        return bench(domain);
    }

    private <P, I, O> int bench(Domain<P, I, O> domain) throws Exception {
        List<Work<P>> work = workload(domain);
        System.out.printf(Locale.ROOT, "workload: %d generated %s tasks (one job each) x %d candidates (random programs "
                        + "and mutants), %d threads / executors%n", tasks, domain.name(), candidates, threads);
        Config config = ConfigFactory.empty()
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of("executor")))
                .withValue("lasso.workers.executors", ConfigValueFactory.fromAnyRef(String.valueOf(threads)))
                .withValue("lasso.executor-dispatcher.fork-join-executor.parallelism-min", ConfigValueFactory.fromAnyRef(threads))
                .withValue("lasso.executor-dispatcher.fork-join-executor.parallelism-max", ConfigValueFactory.fromAnyRef(threads))
                .withFallback(ConfigFactory.load());
        Duration round = Duration.ofMillis((long) (seconds * 1000));
        double rawTotal = 0;
        double localTotal = 0;
        double remoteTotal = 0;
        try (LassoRuntime runtime = LassoRuntime.start(config)) {
            List<PoolBenchmark.Workload> local = work.stream().map(Work::local).toList();
            List<PoolBenchmark.Workload> remote = work.stream().map(Work::remote).toList();
            raw(work, round.dividedBy(3));
            PoolBenchmark.programsPerSecond(runtime, local, Duration.ZERO, round.dividedBy(3));
            PoolBenchmark.programsPerSecond(runtime, remote, Duration.ZERO, round.dividedBy(3));
            for (int r = 1; r <= rounds; r++) {
                double raw = raw(work, round);
                Thread.sleep(300);
                double pool = PoolBenchmark.programsPerSecond(runtime, local, Duration.ZERO, round);
                Thread.sleep(300);
                double tokens = PoolBenchmark.programsPerSecond(runtime, remote, Duration.ZERO, round);
                Thread.sleep(300);
                rawTotal += raw;
                localTotal += pool;
                remoteTotal += tokens;
                System.out.printf(Locale.ROOT, "round %d: raw interpreter %,.0f programs/s; executor pool %,.0f programs/s "
                        + "(%.1f%%), with programs as tokens only %,.0f programs/s (%.1f%%)%n",
                        r, raw, pool, 100 * pool / raw, tokens, 100 * tokens / raw);
            }
        }
        System.out.printf(Locale.ROOT, "raw programs/s: %.0f%n", rawTotal / rounds);
        System.out.printf(Locale.ROOT, "pool programs/s: %.0f%n", localTotal / rounds);
        System.out.printf(Locale.ROOT, "pool (tokens only) programs/s: %.0f%n", remoteTotal / rounds);
        System.out.printf(Locale.ROOT, "pool/raw: %.3f%n", localTotal / rawTotal);
        System.out.printf(Locale.ROOT, "pool (tokens only)/raw: %.3f%n", remoteTotal / rawTotal);
        return 0;
    }

    private <P, I, O> List<Work<P>> workload(Domain<P, I, O> domain) {
        TaskGenerator<P, I, O> generator = domain.generator(Map.of());
        List<TaskGenerator.Generated<P, I, O>> generated = new ArrayList<>();
        for (int i = 0; i < tasks * 4; i++) {
            generated.add(TaskGeneration.one(generator, seed, i).task());
        }
        SplittableRandom random = new SplittableRandom(seed);
        SearchSettings settings = new SearchSettings(Strategy.BEAM, 1, 1, 60_000, 1, 1, seed);
        List<Work<P>> work = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            TaskGenerator.Generated<P, I, O> task = generated.get(t);
            List<P> programs = new ArrayList<>(candidates);
            for (int c = 0; c < candidates; c++) {
                if (c % 2 == 0) {
                    programs.add(generated.get(random.nextInt(generated.size())).program());
                } else {
                    Optional<P> mutant = domain.mutator().mutate(task.program(), random);
                    programs.add(mutant.orElse(task.program()));
                }
            }
            List<Example<I, O>> given = task.examples().stream().filter(e -> !e.heldout()).toList();
            List<Example<I, O>> heldout = task.examples().stream().filter(Example::heldout).toList();
            JobSpec spec = JobCodec.encode(domain, "bench-" + t, given, heldout, settings);
            work.add(new Work<>(new Evaluator<>(domain, given, heldout), programs,
                    new PoolBenchmark.Workload(spec, programs.stream().map(p -> Program.parsed(domain.tokens(p), p)).toList()),
                    new PoolBenchmark.Workload(spec, programs.stream().map(p -> Program.of(domain.tokens(p))).toList())));
        }
        return work;
    }

    /** Programs per second over {@code threads} threads, each cycling through every task's candidates. */
    private <P> double raw(List<Work<P>> work, Duration duration) throws InterruptedException {
        LongAdder evaluated = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(new Thread(() -> {
                long count = 0;
                int task = offset % work.size();
                while (!stop.get()) {
                    Work<P> w = work.get(task);
                    for (P program : w.programs()) {
                        w.evaluator().evaluate(program);
                    }
                    count += w.programs().size();
                    task = (task + 1) % work.size();
                }
                evaluated.add(count);
            }, "raw-" + t));
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return evaluated.sum() * 1e9 / (System.nanoTime() - start);
    }
}
