package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The list domain's command-line contracts: exec, check, generate, perf, dataset, train, bench. */
class ListCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
    }

    static synchronized Run lasso(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Lasso.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void execPrintsOneRecordPerExampleAndReportsBadLines(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("tasks.jsonl");
        Files.write(tasks, List.of(
                "{\"id\": \"a\", \"program\": \"LIST|FILTER,<0,0|MAP,*4,1|SORT,2|REVERSE,3\", \"examples\": "
                        + "[{\"inputs\": [[-17,-3,4,11,0,-5,-9,13,6,6,-8,11]]}, {\"inputs\": [[100, -100]]}]}",
                "{\"id\": \"b\", \"program\": \"LIST|NOPE,0\", \"examples\": [{\"inputs\": [[1]]}]}",
                "{\"id\": \"c\", \"program\": \"LIST|SORT,0\", \"examples\": [{\"inputs\": [[1, 999]]}]}",
                "not json"));
        Run run = lasso("exec", "--domain", "list", "--tasks", tasks.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertEquals("{\"id\":\"a\",\"example_index\":0,\"status\":\"ok\",\"output\":[-12,-20,-32,-36,-68]}", lines.get(0));
        JsonNode rejected = JSON.readTree(lines.get(1));
        assertEquals("error", rejected.get("status").asText());
        assertTrue(rejected.get("output").isNull());
        JsonNode syntax = JSON.readTree(lines.get(2));
        assertEquals("syntax_error", syntax.get("status").asText());
        assertTrue(syntax.get("message").asText().contains("unknown function 'NOPE'"));
        assertTrue(run.err().contains("(task c): examples[0].inputs[0][1]: 999 is out of range"), run.err());
        assertTrue(run.err().contains(":4: malformed JSON"), run.err());
        assertEquals(1, run.code());
    }

    @Test
    void generateThenCheckPasses(@TempDir Path dir) {
        Path one = dir.resolve("one.jsonl");
        Path two = dir.resolve("two.jsonl");
        assertEquals(0, lasso("generate", "--domain", "list", "--count", "40", "--seed", "3", "--threads", "1",
                "--set", "length=2", "--out", one.toString()).code());
        assertEquals(0, lasso("generate", "--domain", "list", "--count", "40", "--seed", "3", "--threads", "2",
                "--set", "length=2", "--out", two.toString()).code());
        Run check = lasso("check", "--domain", "list", "--tasks", one.toString());
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("all examples passed: 40/40"), check.out());
        try {
            assertEquals(Files.readAllLines(one), Files.readAllLines(two));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Run bad = lasso("generate", "--domain", "list", "--count", "1", "--set", "depth=2", "--out", one.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown list generator option 'depth'"), bad.err());
    }

    @Test
    void perfEndsWithTheRate() {
        Run run = lasso("perf", "--domain", "list", "--seconds", "1", "--warmup", "0");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("nodes/s: \\d+"), last);
        assertTrue(Long.parseLong(last.substring("nodes/s: ".length())) > 0);
    }

    @Test
    void datasetTrainAndBenchWorkTogether(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Run dataset = lasso("dataset", "deepcoder", "--length", "2", "--train", "300", "--test", "6", "--seed", "4",
                "--out", data.toString());
        assertEquals(0, dataset.code(), dataset.err());
        assertEquals(300, Files.readAllLines(data.resolve("train.jsonl")).size());
        assertEquals(6, Files.readAllLines(data.resolve("test.jsonl")).size());
        Path model = dir.resolve("model");
        Run train = lasso("train", "--model", "deepcoder", "--data", data.resolve("train.jsonl").toString(),
                "--test", data.resolve("test.jsonl").toString(), "--epochs", "1", "--seed", "4",
                "--out", model.toString(), "--checkpoints", dir.resolve("ckpt").toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("test: 6 tasks"), train.out());
        JsonNode record = JSON.readTree(model.resolve("model.json").toFile()).get("training");
        assertTrue(record.get("command").asText().startsWith("./lasso train --model deepcoder --data "));
        Run bench = lasso("bench", "deepcoder", "--length", "2", "--tasks", "6", "--model", model.toString(),
                "--test", data.resolve("test.jsonl").toString(), "--timeout", "5", "--out", dir.resolve("bench").toString());
        assertEquals(0, bench.code(), bench.err());
        assertTrue(bench.out().contains("| DFS 20% | DFS 40% | DFS 60% | Sort-and-add 20%"), bench.out());
        assertTrue(bench.out().contains("Speedup"), bench.out());
        assertTrue(bench.out().contains("DFS, network 6/6"), bench.out());
        assertTrue(Files.size(dir.resolve("bench").resolve("solved.png")) > 1000);
        Run unknown = lasso("train", "--model", "gpt", "--out", model.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown model 'gpt' (known: ") && unknown.err().contains("deepcoder"),
                unknown.err());
    }
}
