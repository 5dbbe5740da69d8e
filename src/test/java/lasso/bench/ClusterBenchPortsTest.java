package lasso.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lasso bench cluster} on a machine where other processes hold some of the ports it derives
 * from its base: it draws another base and starts again, and fails naming the ports only when every
 * base it tried had one taken. Its "vs one JVM" columns say n/a when the one JVM expanded nothing.
 */
class ClusterBenchPortsTest {

    @TempDir
    Path dir;

    private ClusterBench.Settings tinyRun() {
        return new ClusterBench.Settings(1, 7, 2000, 2, 64, 16, List.of(), 0, 1, dir, List.of("async"), 4,
                "mutation", List.of());
    }

    @Test
    void theBenchMovesToAnotherBaseWhenH2sOrANodesPortIsTaken() throws Exception {
        try (ServerSocket h2Port = held(); ServerSocket nodePort = held()) {
            // The first base's H2 port is taken, then the one JVM's Artery port of the second base.
            AtomicInteger draws = new AtomicInteger();
            Iterator<Integer> heldFirst = List.of(h2Port.getLocalPort() - 99, nodePort.getLocalPort()).iterator();
            IntSupplier random = BasePorts.random();
            IntSupplier bases = () -> {
                draws.incrementAndGet();
                return heldFirst.hasNext() ? heldFirst.next() : random.getAsInt();
            };
            new ClusterBench(tinyRun(), bases).run();
            assertEquals(3, draws.get(), "a base for H2, one for the node, one that worked");
            assertTrue(Files.readString(dir.resolve("async-one-jvm-api.log")).contains(" is Up"));
        }
    }

    @Test
    void theBenchFailsNamingThePortsWhenEveryBaseHadOneTaken() throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < BasePorts.TRIES; i++) {
                sockets.add(held());
            }
            Iterator<ServerSocket> next = sockets.iterator();
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new ClusterBench(tinyRun(), () -> next.next().getLocalPort() - 99).run());
            for (ServerSocket socket : sockets) {
                assertTrue(failure.getMessage().contains(String.valueOf(socket.getLocalPort())), failure.getMessage());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aNodesBindFailureNamesThePortFromItsLog() {
        // The last lines nodes printed when another process held their port (Artery tcp, aeron-udp, gRPC).
        assertEquals(OptionalInt.of(41234), NodeProcess.portTaken("...\nerror: Failed to bind TCP to [127.0.0.1:41234] "
                + "due to: Bind failed because of java.net.BindException: [/127.0.0.1:41234] Address already in use\n",
                41234, 41334));
        assertEquals(OptionalInt.of(41435), NodeProcess.portTaken("error: ERROR - io.aeron.exceptions.AeronException : "
                + "ERROR - channel error - Address already in use (at java.base/sun.nio.ch.Net.bind0(Native Method)): "
                + "aeron:udp?endpoint=127.0.0.1:41435, errorCodeValue=11\n", 41435, -1));
        assertEquals(OptionalInt.of(41300), NodeProcess.portTaken("error: cannot listen on 127.0.0.1:41300: Failed to bind "
                + "to address /127.0.0.1:41300\n", 41200, 41300));
        assertEquals(OptionalInt.empty(), NodeProcess.portTaken("error: cannot listen on 127.0.0.1:413000: Failed\n", 41300),
                "another port that starts with the same digits");
        assertEquals(OptionalInt.empty(), NodeProcess.portTaken("error: the journal at jdbc:h2:tcp://127.0.0.1:41399/x "
                + "is not there\n", 41200, 41300), "another error");
    }

    @Test
    void aRatioToAOneJvmThatExpandedNothingIsNotANumber() {
        assertEquals("1.50", ClusterBench.ratio(3, 2));
        assertEquals("0.00", ClusterBench.ratio(0, 2));
        assertEquals("n/a", ClusterBench.ratio(5, 0));
        assertEquals("n/a", ClusterBench.ratio(0, 0));
    }

    /** A loopback port another process might hold, as this socket holds it. */
    private static ServerSocket held() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
