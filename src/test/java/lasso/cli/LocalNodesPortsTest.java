package lasso.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-node tests' cluster on a machine where another process holds a port of the first base:
 * it starts again from another base, and its node comes Up there.
 */
class LocalNodesPortsTest {

    @TempDir
    Path dir;

    @Test
    void theNodesStartAgainFromAnotherBaseWhenAPortIsTaken() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The first base's first port (the lone node's Artery port) is the one this socket holds.
            AtomicInteger draws = new AtomicInteger();
            IntSupplier bases = ClusterJobs.basePorts(held.getLocalPort());
            try (LocalNodes cluster = new LocalNodes(dir, "jdbc:h2:mem:unused", 1, List.of())) {
                cluster.start(() -> {
                    draws.incrementAndGet();
                    return bases.getAsInt();
                }, LocalNodes.Node.worker("worker-1", "executor"));
                assertEquals(2, draws.get(), "the held base, then one that worked");
                assertNotEquals(held.getLocalPort(), cluster.node("worker-1").arteryPort());
                assertTrue(cluster.node("worker-1").log().contains(" is Up"));
            }
        }
    }
}
