package lasso.runtime;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * configs/bootstrap-local.conf: two nodes on this machine, each listing both management endpoints,
 * form one cluster through Cluster Bootstrap (no seed nodes), and their health checks answer.
 */
class ClusterBootstrapTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Config node(int management, int first, int second, String roles) {
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.port = 0
                akka.management.http.port = %d
                akka.discovery.config.services.lasso.endpoints = [
                  {host = "127.0.0.1", port = %d}, {host = "127.0.0.1", port = %d}]
                akka.management.cluster.bootstrap.contact-point-discovery.stable-margin = 1 s
                akka.management.cluster.bootstrap.contact-point-discovery.interval = 200 ms
                akka.cluster.roles = [%s]
                lasso.workers.executors = 1
                lasso.workers.synthesizers = 1
                lasso.workers.debuggers = 1
                """.formatted(management, first, second, roles))
                .withFallback(ConfigFactory.parseFile(Path.of("configs/bootstrap-local.conf").toFile()))
                .withFallback(ConfigFactory.load()).resolve();
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void twoNodesFormOneClusterWithoutSeedNodes() throws Exception {
        int first = freePort();
        int second = freePort();
        try (LassoRuntime api = LassoRuntime.start(node(first, first, second, "api, synthesizer, debugger"));
             LassoRuntime worker = LassoRuntime.start(node(second, first, second, "executor"))) {
            api.awaitUp(Duration.ofSeconds(60));
            worker.awaitUp(Duration.ofSeconds(60));
            for (LassoRuntime node : new LassoRuntime[] {api, worker}) {
                long up = StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
                        .filter(member -> member.status() == MemberStatus.up()).count();
                assertEquals(2, up, "one cluster of both nodes, as each sees it");
            }
            for (int port : new int[] {first, second}) {
                assertEquals(200, status(port, "/alive"));
                long bound = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (status(port, "/ready") != 200) {
                    assertTrue(System.nanoTime() < bound, "node at " + port + " never ready");
                    Thread.sleep(50);
                }
            }
        }
    }
}
