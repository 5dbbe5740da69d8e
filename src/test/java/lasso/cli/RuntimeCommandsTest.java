package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's commands through {@link Lasso#run}: solve in-process, bench pool, and their errors. */
class RuntimeCommandsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    private int lasso(String... args) {
        return console.run(args);
    }

    @Test
    void solveInProcessWritesTheResultsContractAndASummary() throws Exception {
        Path results = dir.resolve("results.jsonl");
        assertEquals(0, lasso("solve", "--domain", "list", "--tasks", "data/demo/list.jsonl", "--out", results.toString(),
                "--strategy", "beam", "--budget", "deadline=30s"), console.err());
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
        String summary = console.out();
        assertTrue(summary.contains("4 list tasks, in-process, strategy beam"), summary);
        assertTrue(summary.matches("(?s).*solved \\(all given pass\\) +4 +100.0%.*"), summary);
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals(2, lasso("solve", "--domain", "karel", "--tasks", "data/demo/karel.jsonl", "--out",
                dir.resolve("r.jsonl").toString(), "--budget", "programs=5"));
        assertTrue(console.err().contains("--budget: unknown budget 'programs'"), console.err());
        assertEquals(2, lasso("solve", "--domain", "karel", "--tasks", "data/demo/karel.jsonl", "--out",
                dir.resolve("r.jsonl").toString(), "--strategy", "random"));
        assertTrue(console.err().contains("unknown strategy 'random'"), console.err());
        assertEquals(2, lasso("worker"));
        assertTrue(console.err().contains("give --join HOST:PORT"), console.err());
        assertEquals(2, lasso("serve", "--config", dir.resolve("missing.conf").toString()));
        assertTrue(console.err().contains("--config: no such file"), console.err());
    }

    @Test
    void benchPoolPrintsBothRatesAndTheirRatio() {
        assertEquals(0, lasso("bench", "pool", "--domain", "karel", "--tasks", "2", "--candidates", "64",
                "--seconds", "0.3", "--rounds", "1"));
        String text = console.out();
        assertTrue(text.matches("(?s).*raw programs/s: [1-9][0-9]*\n.*pool programs/s: [1-9][0-9]*\n.*pool/raw: [0-9.]+\n.*"),
                text);
    }
}
