package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.Domains;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.list.ListProgram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** benchmark run (in-process), its resume, report and evaluation sets, through {@link Lasso#run}. */
class BenchmarkCommandsTest {

    @TempDir
    static Path shared;

    private static Path tasks;
    private static List<String> ids;

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    /** Eight small Karel tasks and a line that is not a task. */
    @BeforeAll
    static void tasks() throws IOException {
        tasks = shared.resolve("tasks.jsonl");
        assertEquals(0, Lasso.run("generate", "--domain", "karel", "--count", "8", "--seed", "13", "--set", "max-rows=6",
                "--set", "max-cols=6", "--set", "max-tokens=12", "--out", tasks.toString()));
        Files.writeString(tasks, "{\"guid\": \"broken\", \"examples\": 3}\n", StandardOpenOption.APPEND);
        ids = new ArrayList<>();
        for (String line : Files.readAllLines(tasks)) {
            ids.add(JsonLines.MAPPER.readTree(line).get("guid").asText());
        }
    }

    private int lasso(String... args) {
        return console.run(args);
    }

    private int benchmark(Path run, String strategy) {
        return lasso("benchmark", "run", "--domain", "karel", "--tasks", tasks.toString(), "--out", run.toString(),
                "--proposer", "enumerative", "--strategy", strategy, "--budget", "evaluated=3000",
                "--budget", "deadline=30s", "--window", "3");
    }

    private static List<JsonNode> results(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("results.jsonl"))) {
            lines.add(JsonLines.MAPPER.readTree(line));
        }
        return lines;
    }

    private static void assertOneLinePerTask(Path run) throws IOException {
        List<String> seen = new ArrayList<>();
        for (JsonNode line : results(run)) {
            seen.add(line.get("id").asText());
        }
        assertEquals(ids.size(), seen.size(), "one line per task: " + seen);
        assertEquals(new HashSet<>(ids), new HashSet<>(seen));
    }

    @Test
    void aRunResumedAfterLosingItsLastLinesEndsWithOneLinePerTask() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, benchmark(run, "best-first"), console.err());
        assertOneLinePerTask(run);
        JsonNode broken = results(run).stream().filter(l -> l.get("id").asText().equals("broken")).findFirst().orElseThrow();
        assertEquals("error", broken.get("status").asText());
        assertTrue(console.out().contains("this session: 8 answered, 1 resumed from earlier"),
                console.out());

        // An interrupted run: three lines survived whole, the fourth was cut while being written.
        List<String> lines = Files.readAllLines(run.resolve("results.jsonl"));
        Files.writeString(run.resolve("results.jsonl"), String.join("\n", lines.subList(0, 3)) + "\n"
                + lines.get(3).substring(0, lines.get(3).length() / 2));
        assertEquals(0, benchmark(run, "best-first"), console.err());
        assertTrue(console.err().contains("dropped a partial last line"));
        assertTrue(console.out().contains("this session: 6 answered, 3 resumed from earlier"),
                console.out());
        assertOneLinePerTask(run);
        assertEquals(lines.subList(0, 3), Files.readAllLines(run.resolve("results.jsonl")).subList(0, 3),
                "finished lines are never rewritten");

        assertEquals(0, benchmark(run, "best-first"));
        assertTrue(console.out().contains("this session: 0 answered, 9 resumed from earlier"));
        assertOneLinePerTask(run);

        assertEquals(2, benchmark(run, "beam"));
        assertTrue(console.err().contains("holds another run (strategy: recorded best-first, given beam)"),
                console.err());
    }

    @Test
    void theReportComparesRunsSideBySide() throws IOException {
        Path first = dir.resolve("best-first");
        Path second = dir.resolve("beam");
        assertEquals(0, benchmark(first, "best-first"), console.err());
        assertEquals(0, benchmark(second, "beam"), console.err());
        Path comparison = dir.resolve("comparison");
        assertEquals(0, lasso("benchmark", "report", first.toString(), second.toString(), "--out", comparison.toString()),
                console.err());
        for (Path where : List.of(first, second, comparison)) {
            for (String file : List.of("report.json", "report.md", "solved-vs-time.png", "solved-vs-evaluated.png",
                    "accuracy-by-length.png", "latency.png")) {
                assertTrue(Files.size(where.resolve(file)) > 0, where + "/" + file);
            }
        }
        JsonNode report = JsonLines.MAPPER.readTree(comparison.resolve("report.json").toFile());
        assertEquals(2, report.get("runs").size());
        for (JsonNode run : report.get("runs")) {
            assertEquals(9, run.get("tasks").asInt());
            assertEquals(9, run.get("answered").asInt());
            assertEquals(1, run.get("errors").asInt());
            long solved = run.get("solved").asLong();
            assertEquals(solved / 9.0, run.get("solved_fraction").asDouble(), 1e-9);
            long byLength = 0;
            for (JsonNode bucket : run.get("by_length")) {
                byLength += bucket.get("tasks").asLong();
            }
            assertEquals(8, byLength, "every readable task has a reference program");
            assertTrue(run.get("latency_ms").get("p50").asLong() <= run.get("latency_ms").get("max").asLong());
        }
        assertEquals("beam", report.get("runs").get(1).get("run").get("strategy").asText());
        String markdown = Files.readString(comparison.resolve("report.md"));
        assertTrue(markdown.contains("| best-first (best-first, enumerative, ≤3000 programs) | karel | 9 | 9 |"), markdown);
        assertTrue(markdown.contains("![latency.png](latency.png)"));
    }

    @Test
    void tasksWithTheSameIdAreRefused() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(2, lasso("benchmark", "run", "--domain", "karel", "--tasks", tasks.toString(), tasks.toString(),
                "--out", run.toString()));
        assertTrue(console.err().contains("two tasks have the id '" + ids.get(0) + "' (tasks 1 and 10"),
                console.err());
        assertEquals(2, lasso("benchmark", "run", "--out", run.toString()));
        assertTrue(console.err().contains("give either --tasks FILE… or --set NAME"));
        assertEquals(2, lasso("benchmark", "tasks", "imagenet", "--out", run.resolve("x.jsonl").toString()));
        assertTrue(console.err().contains("unknown evaluation set 'imagenet' (known: karel-test, "
                + "c-test, deepcoder-t3, deepcoder-t5)"), console.err());
    }

    @Test
    void evaluationSetsAreTheSameFileEachTime() throws IOException {
        assertEquals(0, lasso("benchmark", "tasks", "--list"));
        String list = console.out();
        assertTrue(list.contains("./lasso generate --domain karel --count 2500 --seed 1001"), list);
        Path once = dir.resolve("once.jsonl");
        Path again = dir.resolve("again.jsonl");
        assertEquals(0, lasso("benchmark", "tasks", "deepcoder-t5", "--out", once.toString()));
        assertEquals(0, lasso("benchmark", "tasks", "deepcoder-t5", "--out", again.toString()));
        List<String> lines = Files.readAllLines(once);
        assertEquals(100, lines.size());
        assertEquals(lines, Files.readAllLines(again));
        Set<Integer> statements = new HashSet<>();
        for (String line : lines) {
            try {
                statements.add(((ListProgram) Domains.named("list").parse(JsonLines.MAPPER.readTree(line).get("program")
                        .asText())).statements().size());
            } catch (ProgramSyntaxException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(Set.of(5), statements, "T = 5");
    }
}
