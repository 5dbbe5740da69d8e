package lasso.bench;

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
import lasso.runtime.Program;
import lasso.search.Evaluator;
import lasso.search.SearchSettings;
import lasso.search.Strategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The executor pool against the raw interpreter on all cores, side by side in one run ({@code ./lasso
 * bench pool}): generated tasks with candidate programs (other tasks' programs and mutants of its own),
 * evaluated by one thread per core, then by an embedded node's executors in batches as job
 * coordinators send them, as parsed programs and as tokens only; rounds alternate the sides.
 */
public final class PoolBench {

    /** The workload and the measurement: tasks x candidates, threads (and executors), seconds per side and round. */
    public record Settings(Domain<?, ?, ?> domain, int tasks, int candidates, int threads, double seconds, int rounds,
                           long seed) {
    }

    private final int tasks;
    private final int candidates;
    private final int threads;
    private final double seconds;
    private final int rounds;
    private final long seed;
    private final Domain<?, ?, ?> domain;

    public PoolBench(Settings settings) {
        this.domain = settings.domain();
        this.tasks = settings.tasks();
        this.candidates = settings.candidates();
        this.threads = settings.threads();
        this.seconds = settings.seconds();
        this.rounds = settings.rounds();
        this.seed = settings.seed();
    }

    /**
     * A task's parsed candidates with its evaluator (raw), and the same for the pool: as a synthesizer
     * in this JVM sends them (tokens with the parsed program) and as they come from another node
     * (tokens only, parsed by the executor).
     */
    private record Work<P>(Evaluator<P, ?, ?> evaluator, List<P> programs, PoolThroughput.Workload local,
                           PoolThroughput.Workload remote) {
    }

    /** Runs the rounds, printing each and then the means and ratios. */
    public void run() throws Exception {
        bench(domain);
    }

    private <P, I, O> void bench(Domain<P, I, O> domain) throws Exception {
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
            List<PoolThroughput.Workload> local = work.stream().map(Work::local).toList();
            List<PoolThroughput.Workload> remote = work.stream().map(Work::remote).toList();
            raw(work, round.dividedBy(3));
            PoolThroughput.programsPerSecond(runtime, local, Duration.ZERO, round.dividedBy(3));
            PoolThroughput.programsPerSecond(runtime, remote, Duration.ZERO, round.dividedBy(3));
            for (int r = 1; r <= rounds; r++) {
                double raw = raw(work, round);
                Thread.sleep(300);
                double pool = PoolThroughput.programsPerSecond(runtime, local, Duration.ZERO, round);
                Thread.sleep(300);
                double tokens = PoolThroughput.programsPerSecond(runtime, remote, Duration.ZERO, round);
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
                    new PoolThroughput.Workload(spec, programs.stream().map(p -> Program.parsed(domain.tokens(p), p)).toList()),
                    new PoolThroughput.Workload(spec, programs.stream().map(p -> Program.of(domain.tokens(p))).toList())));
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
