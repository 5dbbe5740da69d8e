package lasso.cli;

import lasso.bench.BasePorts;
import lasso.bench.NodeProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * A cluster of Lasso nodes as child JVMs on loopback for the multi-node tests ({@link NodeProcess}):
 * API nodes first (the seed nodes), then workers, their ports from one base the test draws at random
 * so that runs on one machine do not collide. When another process holds one of those ports anyway,
 * the nodes started are killed and the set starts again from another base ({@link BasePorts}).
 */
final class LocalNodes implements AutoCloseable {

    private static final Duration UP_WITHIN = Duration.ofMinutes(3);

    /** A node to start: its name (and log file's), its roles, and whether it serves the job API. */
    record Node(String name, String roles, boolean api) {

        /** A node with the job API (and these roles besides api). */
        static Node api(String name, String roles) {
            return new Node(name, "api," + roles, true);
        }

        static Node worker(String name, String roles) {
            return new Node(name, roles, false);
        }
    }

    private final Path dir;
    private final String journalUrl;
    private final int seedNodes;
    private final List<String> flags;
    private final List<NodeProcess> nodes = new ArrayList<>();

    /** @param seedNodes how many of the first nodes started are the cluster's seed nodes (the API nodes) */
    LocalNodes(Path dir, String journalUrl, int seedNodes) {
        this(dir, journalUrl, seedNodes, List.of());
    }

    /** @param settings more JVM flags for every node ({@code -Dlasso.frontier.mode=async}) */
    LocalNodes(Path dir, String journalUrl, int seedNodes, List<String> settings) {
        this.dir = dir;
        this.journalUrl = journalUrl;
        this.seedNodes = seedNodes;
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
        this.flags = List.copyOf(flags);
    }

    /**
     * Starts these nodes, node i on Artery port base + i (an API node's gRPC port: base + 100 + i), and
     * waits until every one says it is Up; from another base while another process holds one of the ports.
     */
    void start(IntSupplier bases, Node... set) throws Exception {
        new BasePorts(bases).use("LocalNodes", base -> startAt(base, List.of(set)));
    }

    private Void startAt(int base, List<Node> set) throws Exception {
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < seedNodes; i++) {
            seeds.add("127.0.0.1:" + (base + i));
        }
        NodeProcess.Launch launch = new NodeProcess.Launch("tcp", seeds, journalUrl, flags);
        try {
            for (Node node : set) {
                int index = nodes.size();
                nodes.add(NodeProcess.start(launch, node.name(), node.roles(), base + index,
                        node.api() ? base + 100 + index : -1, dir.resolve(node.name() + ".log")));
            }
            for (NodeProcess node : nodes) {
                node.awaitUp(UP_WITHIN);
            }
            return null;
        } catch (Exception e) {
            close();  // a node that did not come up: the others would wait for it (or join a cluster being abandoned)
            throw e;
        }
    }

    NodeProcess node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no node " + name + " started"));
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
        nodes.clear();
    }
}
