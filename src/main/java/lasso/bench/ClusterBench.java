package lasso.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import lasso.api.JobRequests;
import lasso.api.LassoClient;
import lasso.api.v1.JobResult;
import lasso.api.v1.JobState;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.domain.Domains;
import lasso.domain.Task;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import org.h2.api.ErrorCode;
import org.h2.tools.Server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One job at a time spread over two JVMs on this machine against the same jobs in one JVM, side by side
 * in one run ({@code ./lasso bench cluster}): every node a child JVM ({@link NodeProcess}), each
 * configuration (frontier mode, transport, JVMs) running the same generated Karel tasks in turn.
 */
public final class ClusterBench {

    /**
     * What {@code ./lasso bench cluster --help} describes: the tasks and their search, the configurations
     * (transports of the two-JVM cluster, frontier modes, shards), warm-up passes, rounds, the node logs'
     * directory and extra flags for every node's JVM.
     */
    public record Settings(int tasks, long seed, long evaluated, int expansionsPerRound, int batchSize, int edits,
                           List<String> transports, int warmUp, int rounds, Path dir, List<String> frontierModes,
                           int shards, String debugger, List<String> jvmFlags) {
    }

    private final int tasks;
    private final long seed;
    private final long evaluated;
    private final int expansionsPerRound;
    private final int batchSize;
    private final int edits;
    private final List<String> transports;
    private final int warmUp;
    private final int rounds;
    private final Path dir;
    private final List<String> frontierModes;
    private final int shards;
    private final String debugger;
    private final List<String> jvmFlags;
    private final IntSupplier basePorts;

    public ClusterBench(Settings settings) {
        this(settings, BasePorts.random());
    }

    /** @param basePorts where the ports of H2 and the nodes start, drawn again while another process holds one */
    ClusterBench(Settings settings, IntSupplier basePorts) {
        this.tasks = settings.tasks();
        this.seed = settings.seed();
        this.evaluated = settings.evaluated();
        this.expansionsPerRound = settings.expansionsPerRound();
        this.batchSize = settings.batchSize();
        this.edits = settings.edits();
        this.transports = settings.transports();
        this.warmUp = settings.warmUp();
        this.rounds = settings.rounds();
        this.dir = settings.dir();
        this.frontierModes = settings.frontierModes();
        this.shards = settings.shards();
        this.debugger = settings.debugger();
        this.jvmFlags = settings.jvmFlags();
        this.basePorts = basePorts;
    }

    /** One configuration: its frontier mode, transport and JVMs. */
    private record Configuration(String mode, String transport, int jvms) {

        String name() {
            return mode + ", " + (jvms == 1 ? "one JVM" : "two JVMs, " + transport);
        }
    }

    /** One configuration's totals over the tasks. */
    private record Totals(String name, int solved, long expansions, long evaluated, long executed, long millis,
                          long wallMillis, long cpuMillis, long jitMillis) {

        double expansionsPerSecond() {
            return expansions * 1000.0 / Math.max(1, millis);
        }

        double evaluatedPerSecond() {
            return evaluated * 1000.0 / Math.max(1, millis);
        }

        /** CPU milliseconds the nodes spent per expansion: what the work costs, whatever the load. */
        double cpuMillisPerExpansion() {
            return cpuMillis / (double) Math.max(1, expansions);
        }

        /** Of that, the JIT compiler's threads' part, or "n/a" when it could not be read. */
        String jitMillisPerExpansion() {
            return jitMillis < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", jitMillis / (double) Math.max(1, expansions));
        }

        /** Cores the nodes kept busy while the jobs ran (of the machine's two). */
        double coresBusy() {
            return cpuMillis / (double) Math.max(1, wallMillis);
        }

        Totals plus(Totals other) {
            return new Totals(name, solved + other.solved, expansions + other.expansions, evaluated + other.evaluated,
                    executed + other.executed, millis + other.millis, wallMillis + other.wallMillis,
                    cpuMillis + other.cpuMillis, jitMillis < 0 || other.jitMillis < 0 ? -1 : jitMillis + other.jitMillis);
        }
    }

    /** Runs every configuration on the tasks, round after round, and prints the table. */
    public void run() throws Exception {
        Files.createDirectories(dir);
        KarelDomain karel = (KarelDomain) Domains.named(KarelDomain.NAME);
        List<Task<KarelGrid, KarelGrid>> jobs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> generated =
                    TaskGeneration.one(karel.generator(Map.of()), seed, i).task();
            jobs.add(new Task<>("task-" + i, "", generated.examples()));
        }
        SearchOptions options = SearchOptions.newBuilder().setStrategy(lasso.api.v1.Strategy.BEST_FIRST)
                .setMaxEvaluated(evaluated).setMaxExpansions(100_000).setDeadlineMillis(120_000).setBatchSize(batchSize)
                .setEditsPerExpansion(edits).setSeed(seed).setExpansionsPerRound(expansionsPerRound).build();
        BasePorts ports = new BasePorts(basePorts);
        Server h2 = ports.use("H2", base -> startH2(base + 99));
        List<Configuration> configurations = new ArrayList<>();
        for (String mode : frontierModes) {
            configurations.add(new Configuration(mode, "tcp", 1));
            transports.forEach(transport -> configurations.add(new Configuration(mode, transport, 2)));
        }
        Totals[] totals = new Totals[configurations.size()];
        try {
            String journal = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/bench-" + h2.getPort();
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < configurations.size(); c++) {
                    Configuration configuration = configurations.get(c);
                    int offset = 10 * c;
                    Totals t = ports.use(configuration.name(),
                            base -> run(configuration, base + offset, journal, jobs, options));
                    System.err.printf(Locale.ROOT, "round %d, %s: %.1f expansions/s (%d in %.1f s of jobs), %.2f CPU ms each "
                                    + "(JIT %s), %.2f cores busy%n",
                            round + 1, t.name(), t.expansionsPerSecond(), t.expansions(), t.millis() / 1000.0,
                            t.cpuMillisPerExpansion(), t.jitMillisPerExpansion(), t.coresBusy());
                    totals[c] = totals[c] == null ? t : totals[c].plus(t);
                }
            }
        } finally {
            h2.stop();
        }
        print(configurations, List.of(totals));
    }

    private Server startH2(int port) throws SQLException {
        try {
            return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toAbsolutePath().toString(),
                    "-ifNotExists").start();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.EXCEPTION_OPENING_PORT_2) {
                throw new PortTakenException(port, "H2 could not open port " + port + ": " + e.getMessage());
            }
            throw e;
        }
    }

    private Totals run(Configuration configuration, int base, String journal, List<Task<KarelGrid, KarelGrid>> jobs,
                       SearchOptions options) throws Exception {
        String name = configuration.name();
        int jvms = configuration.jvms();
        List<String> flags = new ArrayList<>(List.of(
                "-Xmx1g", "-Dakka.logger-startup-timeout=60s", "-Dlasso.search.proposers.karel=enumerative",
                "-Dlasso.search.editors.karel=" + debugger, "-Dlasso.workers.synthesizers=1",
                "-Dlasso.workers.debuggers=1", "-Dlasso.workers.executors=" + (jvms == 1 ? 2 : 1),
                "-Dlasso.frontier.mode=" + configuration.mode(), "-Dlasso.frontier.shards=" + shards,
                // The compiler's threads live as long as the JVM, so that their CPU time stays readable.
                "-XX:-UseDynamicNumberOfCompilerThreads"));
        flags.addAll(jvmFlags);
        NodeProcess.Launch launch = new NodeProcess.Launch(configuration.transport(), List.of("127.0.0.1:" + base), journal, flags);
        List<NodeProcess> nodes = new ArrayList<>();
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        try {
            nodes.add(NodeProcess.start(launch, "api", "api,model,executor", base, base + 100,
                    dir.resolve(slug + "-api.log")));
            if (jvms == 2) {
                // The second node hosts the decoders too (deploy/local-cluster --models 0): its frontier
                // shards expand with a debugger next to them.
                nodes.add(NodeProcess.start(launch, "worker", "executor,model", base + 1, -1,
                        dir.resolve(slug + "-worker.log")));
            }
            for (NodeProcess node : nodes) {
                node.awaitUp(Duration.ofMinutes(3));
                node.awaitLog("models warm", Duration.ofMinutes(3));  // loading models takes the cores for a while
            }
            try (LassoClient client = LassoClient.connect(nodes.get(0).endpoint(), "", 1 << 24)) {
                firstJob(client, jobs.get(0), options);
                for (int pass = 0; pass < warmUp; pass++) {
                    jobs.forEach(job -> solve(client, job, options));
                }
                int solved = 0;
                long expansions = 0;
                long evaluatedTotal = 0;
                long executed = 0;
                long millis = 0;
                long cpuBefore = cpuMillis(nodes);
                long[] nodeCpuBefore = nodes.stream().mapToLong(node -> cpuMillis(List.of(node))).toArray();
                List<Optional<CompilerCpu.Ticks>> ticksBefore = nodes.stream()
                        .map(node -> CompilerCpu.read(node.process().pid())).toList();
                long start = System.nanoTime();
                for (Task<KarelGrid, KarelGrid> job : jobs) {
                    JobResult result = solve(client, job, options);
                    solved += result.getState() == JobState.SOLVED ? 1 : 0;
                    expansions += result.getExpansions();
                    evaluatedTotal += result.getEvaluated();
                    executed += result.getExecuted();
                    millis += result.getMillis();
                }
                long jitMillis = 0;
                for (int n = 0; n < nodes.size(); n++) {
                    long nodeCpu = cpuMillis(List.of(nodes.get(n))) - nodeCpuBefore[n];
                    Optional<CompilerCpu.Ticks> ticks = CompilerCpu.read(nodes.get(n).process().pid());
                    double jitShare = ticks.isPresent() && ticksBefore.get(n).isPresent()
                            ? ticks.get().shareSince(ticksBefore.get(n).get()) : -1;
                    jitMillis = jitShare < 0 || jitMillis < 0 ? -1 : jitMillis + Math.round(jitShare * nodeCpu);
                    System.err.printf(Locale.ROOT, "  %s, %s: %.1f CPU s%s%n", name, nodes.get(n).name(), nodeCpu / 1000.0,
                            jitShare < 0 ? "" : String.format(Locale.ROOT, ", %.0f%% of it the JIT compiler's", 100 * jitShare));
                }
                return new Totals(name, solved, expansions, evaluatedTotal, executed, millis,
                        (System.nanoTime() - start) / 1_000_000, cpuMillis(nodes) - cpuBefore, jitMillis);
            }
        } finally {
            for (NodeProcess node : nodes) {
                node.stop();
            }
        }
    }

    /** CPU time the nodes' JVMs have used so far, all their threads. */
    private static long cpuMillis(List<NodeProcess> nodes) {
        long total = 0;
        for (NodeProcess node : nodes) {
            total += node.process().info().totalCpuDuration().orElseThrow(
                    () -> new IllegalStateException("no CPU time for " + node.name())).toMillis();
        }
        return total;
    }

    /**
     * The first job, which starts the shards of the job entities and frontiers: on a busy machine their
     * remember-entities store may answer later than the submission's deadline, so it is tried again.
     */
    private static void firstJob(LassoClient client, Task<KarelGrid, KarelGrid> task, SearchOptions options)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                solve(client, task, options);
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt == 5) {
                    throw e;
                }
                System.err.println("first job: " + e.getStatus().getDescription() + "; trying again");
                Thread.sleep(5_000);
            }
        }
    }

    private static JobResult solve(LassoClient client, Task<KarelGrid, KarelGrid> task, SearchOptions options) {
        return client.blocking().withDeadlineAfter(10, TimeUnit.MINUTES)
                .solve(SolveRequest.newBuilder().setJob(JobRequests.toJob("karel", task, options)).build());
    }

    private void print(List<Configuration> configurations, List<Totals> totals) {
        System.out.printf(Locale.ROOT, "%n%d Karel tasks (seed %d) x %d rounds after %d warm-up passes, best-first, %d candidates and %d expansions "
                + "of %d edits (debugger %s) a round, at most %d programs each, one job at a time; the frontier in %d shards%n", tasks,
                seed, rounds, warmUp, batchSize, expansionsPerRound, edits, debugger, evaluated, shards);
        System.out.printf(Locale.ROOT, "  %-32s %7s %14s %11s %14s %11s %12s %10s %14s %14s %11s%n", "", "solved",
                "expansions/s", "vs one JVM", "evaluated/s", "vs one JVM", "evaluated 2x", "wall s", "CPU ms/exp.",
                "of it JIT", "cores busy");
        Totals one = null;
        for (int c = 0; c < totals.size(); c++) {
            Totals t = totals.get(c);
            one = configurations.get(c).jvms() == 1 ? t : one;  // each mode against its own one JVM
            System.out.printf(Locale.ROOT, "  %-32s %3d/%-3d %14.1f %11s %14.0f %11s %12d %10.1f %14.2f %14s %11.2f%n",
                    t.name(), t.solved(), tasks * rounds, t.expansionsPerSecond(),
                    ratio(t.expansionsPerSecond(), one.expansionsPerSecond()), t.evaluatedPerSecond(),
                    ratio(t.evaluatedPerSecond(), one.evaluatedPerSecond()), t.executed() - t.evaluated(),
                    t.wallMillis() / 1000.0, t.cpuMillisPerExpansion(),
                    t.jitMillisPerExpansion(),
                    t.coresBusy());
        }
    }

    /** A rate against the one JVM's, or "n/a" when the one JVM had none (no expansions: the ratio means nothing). */
    static String ratio(double rate, double oneJvm) {
        return oneJvm > 0 ? String.format(Locale.ROOT, "%.2f", rate / oneJvm) : "n/a";
    }
}
