package lasso.cli;

import lasso.bench.NodeProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cluster of Lasso nodes as child JVMs on loopback for the multi-node tests ({@link NodeProcess}):
 * API nodes first (the seed nodes), then workers, their ports from one base the test draws at random
 * so that runs on one machine do not collide.
 */
final class LocalNodes implements AutoCloseable {

    private static final Duration UP_WITHIN = Duration.ofMinutes(3);

    private final Path dir;
    private final int basePort;
    private final NodeProcess.Launch launch;
    private final List<NodeProcess> nodes = new ArrayList<>();

    /** @param seedNodes how many of the first nodes started are the cluster's seed nodes (the API nodes) */
    LocalNodes(Path dir, int basePort, String journalUrl, int seedNodes) {
        this(dir, basePort, journalUrl, seedNodes, List.of());
    }

    /** @param settings more JVM flags for every node ({@code -Dlasso.frontier.mode=async}) */
    LocalNodes(Path dir, int basePort, String journalUrl, int seedNodes, List<String> settings) {
        this.dir = dir;
        this.basePort = basePort;
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < seedNodes; i++) {
            seeds.add("127.0.0.1:" + (basePort + i));
        }
        List<String> flags = new ArrayList<>(List.of(
                "-Xmx600m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Down an unreachable node after 4 s instead of 20 s, so that the tests need not wait long.
                "-Dakka.cluster.split-brain-resolver.stable-after=4s",
                "-Dlasso.search.proposers.karel=enumerative",
                // The tests run Karel jobs only: the other domains' networks are not loaded (nor warmed up).
                "-Dlasso.search.proposers.c=generator", "-Dlasso.search.proposers.list=generator",
                "-Dlasso.search.editors.c=mutation", "-Dlasso.search.editors.list=mutation",
                "-Dlasso.workers.executors=1", "-Dlasso.workers.synthesizers=1", "-Dlasso.workers.debuggers=1",
                // The application's logging, not the tests' (which is on the same class path, and quieter).
                "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath()));
        flags.addAll(settings);
        this.launch = new NodeProcess.Launch("tcp", seeds, journalUrl, flags);
    }

    /** A node with the job API (and these roles besides api). */
    NodeProcess api(String name, String roles) throws IOException {
        int index = nodes.size();
        return add(NodeProcess.start(launch, name, "api," + roles, basePort + index, basePort + 100 + index,
                dir.resolve(name + ".log")));
    }

    NodeProcess worker(String name, String roles) throws IOException {
        return add(NodeProcess.start(launch, name, roles, basePort + nodes.size(), -1, dir.resolve(name + ".log")));
    }

    private NodeProcess add(NodeProcess node) {
        nodes.add(node);
        return node;
    }

    /** Waits until every node started so far says it is Up. */
    void awaitUp() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.awaitUp(UP_WITHIN);
        }
    }

    /** The node whose log says it runs the job's first attempt, if it has started. */
    NodeProcess runningJob(String jobId) {
        Pattern started = Pattern.compile("job " + Pattern.quote(jobId) + " attempt 1 runs on this node");
        return nodes.stream().filter(node -> started.matcher(node.log()).find()).findFirst().orElse(null);
    }

    /**
     * Kills the nodes still running ({@code kill -9}): their journal is the test's to throw away, so a
     * graceful leave (seconds a node, on a loaded machine) would only cost time.
     */
    @Override
    public void close() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.process().destroyForcibly();
        }
        for (NodeProcess node : nodes) {
            node.kill();
        }
    }
}
