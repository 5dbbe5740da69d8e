package lasso.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "perf",
        mixinStandardHelpOptions = true,
        description = {
                "Measures a domain's hot path on one thread, on a fixed workload.",
                "Prints the workload, one rate per round, and last a line 'UNIT/s: N' "
                        + "(the rate over all measured rounds)."})
final class PerfCommand implements Callable<Integer> {

    /** A fixed, deterministic piece of work that is run again and again while the clock runs. */
    interface Workload {

        /** What one unit of work is, in the last line's plural: {@code executions}, {@code nodes}. */
        String unit();

        /** One line that says what is measured. */
        String describe();

        /** Runs one batch of the workload and returns how many units it did. */
        long runBatch();
    }

    /** The workload of each domain; a new domain adds its line here. */
    private static final Map<String, Supplier<Workload>> WORKLOADS = new TreeMap<>(Map.of(
            "c", CExecutionWorkload::new,
            "karel", KarelPerfWorkload::new,
            "list", ListSearchWorkload::new));

    @Option(names = "--domain", required = true, description = "The domain whose hot path is measured.")
    String domain;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured time (default: ${DEFAULT-VALUE} s).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up time (default: ${DEFAULT-VALUE} s).")
    double warmup;

    @Override
    public Integer call() {
        Supplier<Workload> factory = WORKLOADS.get(domain);
        if (factory == null) {
            throw new IllegalArgumentException("no perf workload for domain '" + domain + "' (known: "
                    + String.join(", ", WORKLOADS.keySet()) + ")");
        }
        if (seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--seconds must be positive and --warmup not negative");
        }
        Workload workload = factory.get();
        System.out.println(workload.describe());
        runFor(workload, warmup);
        long units = 0;
        long nanos = 0;
        int rounds = (int) Math.max(1, Math.round(seconds));
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            long done = runFor(workload, seconds / rounds);
            long elapsed = System.nanoTime() - start;
            units += done;
            nanos += elapsed;
            System.out.printf("round %d: %,.0f %s/s%n", round, done * 1e9 / elapsed, workload.unit());
        }
        System.out.printf("%s/s: %d%n", workload.unit(), Math.round(units * 1e9 / nanos));
        return 0;
    }

    private static long runFor(Workload workload, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long units = 0;
        do {
            units += workload.runBatch();
        } while (System.nanoTime() < deadline);
        return units;
    }
}
