package lasso.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A Lasso node in a child JVM on loopback, started from this JVM's class path ({@code lasso serve}
 * with a gRPC port, or {@code lasso worker}) with its output in a log file: what the cluster
 * benchmark and the multi-node tests run. The transport and the split-brain resolver's wait are
 * system properties of the child; {@link #kill} is {@code kill -9}.
 */
public record NodeProcess(String name, Process process, Path logFile, int arteryPort, int grpcPort) {

    /** Nodes still running: destroyed with this JVM (SIGTERM, Ctrl-C), so that none outlives its bench or test. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * Held while a node starts and while the shutdown hook runs, so that a node started as this JVM
     * is told to stop is registered before the hook destroys the nodes (else it outlived the JVM).
     */
    private static final Object STARTING = new Object();
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (STARTING) {
                shuttingDown = true;
                RUNNING.forEach(process -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                });
            }
        }, "lasso-node-processes"));
    }

    /** How a child node runs: its transport, Artery port, seed nodes, journal and extra JVM flags. */
    public record Launch(String transport, List<String> seeds, String journalUrl, List<String> jvmFlags) {
    }

    /**
     * @param grpcPort the API node's gRPC port, or -1 for a worker
     */
    public static NodeProcess start(Launch launch, String name, String roles, int arteryPort, int grpcPort, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dakka.remote.artery.transport=" + launch.transport(),
                // aeron-udp as configs/aeron.conf sets it: back off when idle, 4 MiB term buffers.
                "-Dakka.remote.artery.advanced.aeron.idle-cpu-level=1", "-Dlasso.aeron.term-buffer-length=4194304"));
        cmd.addAll(launch.jvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "lasso.cli.Lasso",
                grpcPort > 0 ? "serve" : "worker", "--node-port", String.valueOf(arteryPort), "--roles", roles));
        for (String seed : launch.seeds()) {
            cmd.add("--join");
            cmd.add(seed);
        }
        if (grpcPort > 0) {
            cmd.addAll(List.of("--port", String.valueOf(grpcPort), "--journal", launch.journalUrl()));
        }
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("LASSO_JOURNAL_URL", launch.journalUrl(), "LASSO_LOG_LEVEL", "INFO"));
        Process process;
        synchronized (STARTING) {
            if (shuttingDown) {
                throw new IOException("not starting node " + name + ": this JVM is shutting down");
            }
            process = builder.start();
            RUNNING.add(process);
        }
        process.onExit().thenRun(() -> RUNNING.remove(process));
        return new NodeProcess(name, process, log, arteryPort, grpcPort);
    }

    public String endpoint() {
        return "127.0.0.1:" + grpcPort;
    }

    /** Waits until the node says it is Up; fails with its log's end when it stops or takes longer than {@code within}. */
    public void awaitUp(Duration within) throws InterruptedException {
        awaitLog(" is Up", within);
    }

    /**
     * Waits until the node's log says {@code text}; fails with its log's end when it stops or takes longer,
     * with a {@link PortTakenException} when it stopped because another process holds one of its ports.
     */
    public void awaitLog(String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                OptionalInt taken = portTaken(log(), arteryPort, grpcPort);
                if (taken.isPresent()) {
                    throw new PortTakenException(taken.getAsInt(), name + " could not bind port " + taken.getAsInt()
                            + ", which another process holds:\n" + tail());
                }
                throw new IllegalStateException(name + " stopped while starting:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not say '" + text + "' within " + within + ":\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    /**
     * Which of {@code ports} a node's log says it could not bind: the error it ends with names the
     * address (Artery over tcp: "Failed to bind TCP to [127.0.0.1:P]", over aeron-udp: "Address already
     * in use ... endpoint=127.0.0.1:P", gRPC: "cannot listen on 127.0.0.1:P").
     */
    static OptionalInt portTaken(String log, int... ports) {
        return IntStream.of(ports).filter(port -> port > 0)
                .filter(port -> Pattern.compile("(?im)^error: .*(bind|listen|in use).*127\\.0\\.0\\.1:" + port + "(?!\\d)")
                        .matcher(log).find())
                .findFirst();
    }

    /** {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the node leaves its cluster), then {@code kill -9} if it is still there after a minute. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tail() {
        String text = log();
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
