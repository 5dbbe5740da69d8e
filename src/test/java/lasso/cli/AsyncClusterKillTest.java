package lasso.cli;

import lasso.api.LassoClient;
import lasso.api.v1.JobResult;
import lasso.bench.NodeProcess;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static lasso.cli.ClusterJobs.awaitAll;
import static lasso.cli.ClusterJobs.submitRunning;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The async frontier (configs/cluster.conf's mode) on a cluster of three JVMs on loopback whose
 * journal is an H2 server ({@code deploy/local-cluster}'s default): a node holding some of every
 * job's shards is killed while the shards search on their own; the coordinators see it leave and run
 * the jobs again, and every job is answered. ({@link ClusterKillTest}: lock-step, PostgreSQL.)
 */
class AsyncClusterKillTest {

    @Test
    void asyncJobsSurviveTheLossOfAShardNode() throws Exception {
        Path dir = ClusterJobs.folder();
        int base = ClusterJobs.basePort();
        // The nodes' shared journal: an H2 server on a free port the system picks, its files in DIR.
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        try (LocalNodes cluster = new LocalNodes(dir, "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/lasso", 1,
                List.of("-Dlasso.frontier.mode=async"))) {
            cluster.start(ClusterJobs.basePorts(base), LocalNodes.Node.api("api-1", "model,executor"),
                    LocalNodes.Node.worker("worker-1", "executor"), LocalNodes.Node.worker("worker-2", "executor"));
            NodeProcess api = cluster.node("api-1");
            NodeProcess worker1 = cluster.node("worker-1");
            NodeProcess worker2 = cluster.node("worker-2");
            try (LassoClient client = LassoClient.connect(api.endpoint(), "", 1 << 24)) {
                List<String> jobs = submitRunning(client, 2);
                assertTrue(api.log().contains("its frontier in 6 shards (async)"), "async shards on the three nodes");
                worker1.kill();
                List<JobResult> answered = awaitAll(client, jobs);
                assertTrue(answered.stream().allMatch(r -> r.getAttempts() >= 2), "the jobs ran again: " + answered);
                assertTrue(worker2.process().isAlive(), "the split-brain resolver kept the majority side up");
            }
        } finally {
            h2.stop();
            ClusterJobs.delete(dir);
        }
    }
}
