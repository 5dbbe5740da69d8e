package lasso.cli;

import lasso.bench.ClusterBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
                "One job at a time spread over two JVMs on this machine against the same jobs in one JVM, side by side "
                        + "in one run: expansions and programs evaluated per second of job time, solved fraction, programs "
                        + "evaluated twice; the two JVMs over tcp and over aeron-udp.",
                "Every node is a child JVM of this one (serve or worker) with the same flags; the one JVM has two "
                        + "executors, each of the two JVMs one, and each JVM a synthesizer and a debugger; every configuration "
                        + "splits a job's frontier into the same number of shards. Jobs: generated Karel tasks, best-first "
                        + "with the enumerative synthesizer and the debugger --debugger, a fixed seed (in lock-step, every configuration runs the same "
                        + "searches; async searches depend on timing).",
                "Node logs go to --dir."})
final class ClusterBenchCommand implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "12", description = "Karel tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--seed", defaultValue = "7", description = "The task generator's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--evaluated", defaultValue = "30000", description = "Programs evaluated per job at most (default: ${DEFAULT-VALUE}).")
    long evaluated;

    @Option(names = "--expansions-per-round", defaultValue = "2",
            description = "Programs best-first expands each round (default: ${DEFAULT-VALUE}).")
    int expansionsPerRound;

    @Option(names = "--batch-size", defaultValue = "64",
            description = "Candidates asked of the synthesizer per round (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--edits", defaultValue = "16", description = "Edits per expansion (default: ${DEFAULT-VALUE}).")
    int edits;

    @Option(names = "--transports", split = ",", defaultValue = "tcp,aeron-udp",
            description = "Transports of the two-JVM cluster (default: ${DEFAULT-VALUE}).")
    List<String> transports;

    @Option(names = "--warm-up", defaultValue = "1",
            description = "Passes over the tasks each node runs before the timed ones, so that the timed jobs run "
                    + "compiled code in every JVM (the JIT compiles for tens of seconds on two busy cores; "
                    + "default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Times each configuration runs the tasks, in turn, so that a change in the machine's load "
                    + "falls on all of them (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--dir", defaultValue = "runs/bench-cluster", description = "Node logs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--frontier-modes", split = ",", defaultValue = "async,lock-step",
            description = "How a job's frontier shards search (lasso.frontier.mode), each mode its own one-JVM "
                    + "baseline (default: ${DEFAULT-VALUE}).")
    List<String> frontierModes;

    @Option(names = "--shards", defaultValue = "4",
            description = "Frontier shards per job in every configuration (lasso.frontier.shards), so that each "
                    + "runs the same search (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--debugger", defaultValue = "mutation",
            description = "The Karel debugger (lasso.search.editors.karel): mutation, or sed for the shipped "
                    + "network (default: ${DEFAULT-VALUE}).")
    String debugger;

    @Option(names = "--jvm-flag", description = "A flag for every node's JVM, repeatable: a setting "
            + "(-Dlasso.frontier.mode=lock-step) or a profiler (-XX:StartFlightRecording:filename=runs/%%p.jfr).")
    List<String> jvmFlags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        new ClusterBench(new ClusterBench.Settings(tasks, seed, evaluated, expansionsPerRound, batchSize, edits,
                transports, warmUp, rounds, dir, frontierModes, shards, debugger, jvmFlags)).run();
        return 0;
    }
}
