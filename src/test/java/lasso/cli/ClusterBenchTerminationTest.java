package lasso.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lasso bench cluster} stopped with SIGTERM (or Ctrl-C) while its first node starts takes
 * its child JVMs with it: none is left running.
 */
class ClusterBenchTerminationTest {

    @TempDir
    Path dir;

    @Test
    void aTerminatedBenchLeavesNoNodeRunning() throws Exception {
        Path nodes = dir.resolve("nodes");
        Process bench = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Lasso.class.getName(), "bench", "cluster",
                "--tasks", "1", "--rounds", "1", "--frontier-modes", "async", "--transports", "tcp",
                "--dir", nodes.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bench.log").toFile()).start();
        try {
            long bound = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            List<ProcessHandle> children = List.of();
            while (children.isEmpty() || !Files.exists(nodes.resolve("async-one-jvm-api.log"))) {
                assertTrue(bench.isAlive(), "the bench ended early: " + Files.readString(dir.resolve("bench.log")));
                assertTrue(System.nanoTime() < bound, "no node started within 3 minutes");
                Thread.sleep(50);
                children = bench.descendants().toList();
            }
            bench.destroy();  // SIGTERM
            assertTrue(bench.waitFor(2, TimeUnit.MINUTES), "the bench ends on SIGTERM");
            for (ProcessHandle child : children) {
                child.onExit().get(2, TimeUnit.MINUTES);
                assertFalse(child.isAlive(), "node " + child.pid() + " outlived the bench");
            }
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
    }
}
