package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's commands through {@link Lasso#run}: solve in-process, bench pool, and their errors. */
class RuntimeCommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int lasso(String... args) {
        out.reset();
        err.reset();
        return Lasso.run(args);
    }

    @Test
    void solveInProcessWritesTheResultsContractAndASummary() throws Exception {
        Path results = dir.resolve("results.jsonl");
        assertEquals(0, lasso("solve", "--domain", "list", "--tasks", "data/demo/list.jsonl", "--out", results.toString(),
                "--strategy", "beam", "--budget", "deadline=30s"), err.toString(StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(results);
        List<String> ids = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of("data/demo/list.jsonl"))) {
            ids.add(JsonLines.MAPPER.readTree(line).get("id").asText());
        }
        assertEquals(4, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = JsonLines.MAPPER.readTree(lines.get(i));
            assertEquals(ids.get(i), line.get("id").asText(), "file order");
            assertEquals("solved", line.get("status").asText(), line.toString());
            assertEquals(line.get("given_total").asInt(), line.get("given_passed").asInt());
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("4 list tasks, in-process, strategy beam"), summary);
        assertTrue(summary.matches("(?s).*solved \\(all given pass\\) +4 +100.0%.*"), summary);
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals(2, lasso("solve", "--domain", "karel", "--tasks", "data/demo/karel.jsonl", "--out",
                dir.resolve("r.jsonl").toString(), "--budget", "programs=5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--budget: unknown budget 'programs'"), err.toString());
        assertEquals(2, lasso("solve", "--domain", "karel", "--tasks", "data/demo/karel.jsonl", "--out",
                dir.resolve("r.jsonl").toString(), "--strategy", "random"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown strategy 'random'"), err.toString());
        assertEquals(2, lasso("worker"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give --join HOST:PORT"), err.toString());
        assertEquals(2, lasso("serve", "--config", dir.resolve("missing.conf").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--config: no such file"), err.toString());
    }

    @Test
    void benchPoolPrintsBothRatesAndTheirRatio() {
        assertEquals(0, lasso("bench", "pool", "--domain", "karel", "--tasks", "2", "--candidates", "64",
                "--seconds", "0.3", "--rounds", "1"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*raw programs/s: [1-9][0-9]*\n.*pool programs/s: [1-9][0-9]*\n.*pool/raw: [0-9.]+\n.*"),
                text);
    }
}
