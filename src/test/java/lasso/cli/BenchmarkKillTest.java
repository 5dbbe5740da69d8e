package lasso.cli;

import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.api.ApiSettings;
import lasso.api.LassoServer;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A benchmark client in its own JVM, running tasks through a two-node cluster (an API node with
 * synthesizers and debuggers, a worker node with the executors), is killed with SIGKILL while results
 * arrive; the same command run again ends with exactly one line per task, the lines written before the
 * kill unchanged.
 */
class BenchmarkKillTest {

    @TempDir
    Path dir;

    private static Config node(String roles) {
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.port = 0
                akka.cluster.roles = [%s]
                lasso.workers.executors = 1
                lasso.workers.synthesizers = 1
                lasso.workers.debuggers = 1
                lasso.search.proposers.karel = enumerative
                """.formatted(roles)).withFallback(ConfigFactory.load());
    }

    private static long completeLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    @Test
    void aClientKilledMidRunResumesToOneLinePerTask() throws Exception {
        Path tasks = dir.resolve("tasks.jsonl");
        assertEquals(0, Lasso.run("generate", "--domain", "karel", "--count", "12", "--seed", "31", "--set", "max-rows=7",
                "--set", "max-cols=7", "--set", "max-tokens=14", "--out", tasks.toString()));
        try (LassoRuntime api = LassoRuntime.start(node("api, synthesizer, debugger"))) {
            api.awaitUp(Duration.ofSeconds(30));
            try (LassoRuntime worker = LassoRuntime.start(ConfigFactory.parseString("lasso.cluster.join-self = off")
                    .withFallback(node("executor")))) {
                Cluster.get(worker.system()).manager().tell(Join.create(Cluster.get(api.system()).selfMember().address()));
                worker.awaitUp(Duration.ofSeconds(30));
                LassoServer server = LassoServer.listening(api, new ApiSettings("127.0.0.1", 0, 16 << 20, "")).start();
                try {
                    Path run = dir.resolve("run");
                    List<String> command = List.of("benchmark", "run", "--domain", "karel", "--tasks", tasks.toString(),
                            "--server", "127.0.0.1:" + server.port(), "--out", run.toString(), "--strategy", "beam",
                            "--budget", "evaluated=20000", "--budget", "deadline=30s", "--window", "2");
                    List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                            "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", Lasso.class.getName()));
                    java.addAll(command);
                    Process client = new ProcessBuilder(java).redirectErrorStream(true)
                            .redirectOutput(dir.resolve("client.log").toFile()).start();
                    Path results = run.resolve("results.jsonl");
                    long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (completeLines(results) < 2) {
                        assertTrue(client.isAlive(), "the client ended early: " + Files.readString(dir.resolve("client.log")));
                        assertTrue(System.nanoTime() < bound, "no results within 120 s");
                        Thread.sleep(5);
                    }
                    client.destroyForcibly();  // SIGKILL: no shutdown hook, no flush
                    assertTrue(client.waitFor(30, TimeUnit.SECONDS));
                    byte[] killed = Files.readAllBytes(results);
                    long survived = completeLines(results);
                    assertTrue(survived < 12, "the kill came before the end (" + survived + " lines)");

                    assertEquals(0, Lasso.run(command.toArray(String[]::new)));
                    byte[] resumed = Files.readAllBytes(results);
                    List<String> lines = Files.readAllLines(results);
                    assertEquals(12, lines.size());
                    HashSet<String> ids = new HashSet<>();
                    for (String line : lines) {
                        assertTrue(ids.add(JsonLines.MAPPER.readTree(line).get("id").asText()), "twice: " + line);
                    }
                    for (String line : Files.readAllLines(tasks)) {
                        assertTrue(ids.contains(JsonLines.MAPPER.readTree(line).get("guid").asText()));
                    }
                    int whole = new String(killed, StandardCharsets.UTF_8).lastIndexOf('\n') + 1;
                    assertEquals(new String(killed, 0, whole, StandardCharsets.UTF_8),
                            new String(resumed, 0, whole, StandardCharsets.UTF_8), "lines written before the kill stay");
                } finally {
                    server.stop(Duration.ofSeconds(5));
                }
            }
        }
    }
}
