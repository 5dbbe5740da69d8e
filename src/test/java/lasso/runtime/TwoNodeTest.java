package lasso.runtime;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in one JVM on 127.0.0.1: node 1 takes jobs and has synthesizers and debuggers but no
 * executor; node 2 joins it with only executors. Jobs on node 1 can then only be evaluated, and
 * their candidates traced for the debugger, on node 2, over the wire (Jackson CBOR), with either
 * Artery transport.
 */
class TwoNodeTest {

    private static Config node(String transport, String roles) {
        return ConfigFactory.parseString("""
                akka.remote.artery.transport = %s
                akka.remote.artery.canonical.port = 0
                akka.remote.artery.advanced.aeron.idle-cpu-level = 1
                akka.cluster.roles = [%s]
                akka.cluster.distributed-data.gossip-interval = 200 ms
                akka.cluster.distributed-data.notify-subscribers-interval = 100 ms
                lasso.aeron.term-buffer-length = 4 MiB
                lasso.workers.executors = 2
                lasso.workers.synthesizers = 1
                lasso.workers.debuggers = 1
                """.formatted(transport, roles)).withFallback(ConfigFactory.load());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "aeron-udp"})
    void jobsOnOneNodeAreExecutedOnTheOther(String transport) throws Exception {
        try (LassoRuntime first = LassoRuntime.start(node(transport, "api, synthesizer, debugger"))) {
            first.awaitUp(Duration.ofSeconds(20));
            Config secondConfig = ConfigFactory.parseString("lasso.cluster.join-self = off")
                    .withFallback(node(transport, "executor"));
            try (LassoRuntime second = LassoRuntime.start(secondConfig)) {
                Cluster.get(second.system()).manager().tell(Join.create(Cluster.get(first.system()).selfMember().address()));
                second.awaitUp(Duration.ofSeconds(30));
                long up = StreamSupport.stream(Cluster.get(first.system()).state().getMembers().spliterator(), false)
                        .filter(m -> m.status() == MemberStatus.up()).count();
                assertEquals(2, up);

                TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = KarelTasks.task(6, 1, 16);  // solved after several expansions
                JobResult result = first.solve(KarelTasks.spec(task, KarelTasks.settings(Strategy.BEST_FIRST, 20_000, 60_000)))
                        .toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertEquals(JobState.SOLVED, result.state(), result.toString());
                assertEquals(StopReason.FOUND, result.stopReason());
                assertTrue(result.evaluated() > 0);
                assertEquals(5, result.givenPassed());
                // Each expansion's traces were recorded on node 2 and read by the debugger on node 1.
                assertTrue(result.expansions() > 0, "the debugger expanded candidates: " + result);
            }
        }
    }
}
