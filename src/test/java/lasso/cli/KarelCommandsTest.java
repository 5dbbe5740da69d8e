package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exec, check, generate, perf and demo commands on Karel files, through {@link Lasso#run}. */
class KarelCommandsTest {

    private static final Path REAL = Path.of("data/karel/msr_test_first8_full.jsonl");

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    private int lasso(String... args) {
        return console.run(args);
    }

    private List<String> stdout() {
        return console.out().lines().toList();
    }

    private List<String> stderr() {
        return console.err().lines().toList();
    }

    @Test
    void checkPassesAll48RealExamplesWithTheirActionLists() {
        assertEquals(0, lasso("check", "--domain", "karel", "--tasks", REAL.toString()));
        List<String> lines = stdout();
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertEquals("4f9f10106359be99 6/6", lines.get(0));
        assertEquals("tasks: 8, all examples passed: 8/8, examples passed: 48/48, unreadable lines: 0", lines.get(8));
    }

    @Test
    void execPrintsOneRecordPerExampleWithTheContractsFields() throws IOException {
        assertEquals(0, lasso("exec", "--domain", "karel", "--tasks", REAL.toString()));
        List<String> lines = stdout();
        assertEquals(48, lines.size());
        List<String> records = Files.readAllLines(REAL);
        for (int i = 0; i < 48; i++) {
            JsonNode line = JsonLines.MAPPER.readTree(lines.get(i));
            JsonNode example = JsonLines.MAPPER.readTree(records.get(i / 6)).get("examples").get(i % 6);
            assertEquals(List.of("guid", "example_index", "status", "actions", "outgrid_json"), names(line));
            assertEquals("ok", line.get("status").asText());
            assertEquals(i % 6, line.get("example_index").intValue());
            assertEquals(example.get("actions"), line.get("actions"));
            assertEquals(example.get("outgrid_json"), line.get("outgrid_json"));
        }
    }

    @Test
    void badLinesGetOneErrorLineEachAndTheRestIsProcessed() throws IOException {
        ObjectNode good = (ObjectNode) JsonLines.MAPPER.readTree(Files.readAllLines(REAL).get(0));
        List<String> lines = new ArrayList<>();
        lines.add("{not json");
        lines.add(withProgram(good, "u1", "DEF run m( jump m)"));
        lines.add(withProgram(good, "u2", "DEF run m( REPEAT R=2 r( move m)"));
        lines.add(withGrid(good, "g1", "rows", "20"));
        lines.add(withGrid(good, "g2", "blocked", "\"0:0\""));
        lines.add(withGrid(good, "g3", "markers", "\"1:1:-3\""));
        ObjectNode missing = good.deepCopy();
        missing.remove("examples");
        lines.add(missing.toString());
        lines.add("[1, 2]");
        lines.add(good.toString());
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, lines);

        assertEquals(1, lasso("exec", "--domain", "karel", "--tasks", file.toString()));
        List<String> errors = stderr();
        assertEquals(List.of(
                "error: " + file + ":1: malformed JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name",
                "error: " + file + ":4 (task g1): examples[0].inpgrid_json: 'rows' 20 is outside 2..16",
                "error: " + file + ":5 (task g2): examples[0].inpgrid_json: hero 0:0:east is on an obstacle",
                "error: " + file + ":6 (task g3): examples[0].inpgrid_json: marker count in \"1:1:-3\" is outside 1..10",
                "error: " + file + ":7 (task 4f9f10106359be99): missing field 'examples'",
                "error: " + file + ":8: a task must be a JSON object"), errors);
        List<String> records = stdout();
        assertEquals(2 + 6, records.size());
        assertEquals("{\"guid\":\"u1\",\"status\":\"syntax_error\",\"message\":\"token 3 'jump': unknown token (not in the Karel vocabulary)\"}",
                records.get(0));
        assertTrue(records.get(1).startsWith("{\"guid\":\"u2\",\"status\":\"syntax_error\",\"message\":\"token 7 'm)': expected"),
                records.get(1));
        assertTrue(records.get(2).startsWith("{\"guid\":\"4f9f10106359be99\",\"example_index\":0,\"status\":\"ok\""));
        String all = console.out() + console.err();
        assertFalse(all.contains("Exception") || all.contains("\tat "), "no stack traces:\n" + all);

        assertEquals(1, lasso("check", "--domain", "karel", "--tasks", file.toString()));
        List<String> checked = stdout();
        assertTrue(checked.contains("u1 0/6"), String.join("\n", checked));
        assertTrue(checked.contains("  program does not parse: token 3 'jump': unknown token (not in the Karel vocabulary)"));
        assertEquals("tasks: 3, all examples passed: 1/3, examples passed: 6/18, unreadable lines: 6", checked.get(checked.size() - 1));
    }

    private static String withProgram(ObjectNode record, String guid, String program) {
        ObjectNode copy = record.deepCopy();
        copy.put("guid", guid);
        var tokens = copy.putArray("program_tokens");
        for (String token : program.split(" ")) {
            tokens.add(token);
        }
        return copy.toString();
    }

    private static String withGrid(ObjectNode record, String guid, String key, String json) throws IOException {
        ObjectNode copy = record.deepCopy();
        copy.put("guid", guid);
        ((ObjectNode) copy.at("/examples/0/inpgrid_json")).set(key, JsonLines.MAPPER.readTree(json));
        return copy.toString();
    }

    @Test
    void generateWritesFullMsrRecordsThatCheckAndDoNotDependOnThreads() throws IOException {
        Path one = dir.resolve("one.jsonl");
        Path two = dir.resolve("two.jsonl");
        assertEquals(0, lasso("generate", "--domain", "karel", "--count", "40", "--seed", "5", "--threads", "1",
                "--set", "max-rows=8", "--set", "max-cols=8", "--out", one.toString()));
        assertEquals(0, lasso("generate", "--domain", "karel", "--count", "40", "--seed", "5", "--threads", "2",
                "--set", "max-rows=8", "--set", "max-cols=8", "--out", two.toString()));
        assertEquals(Files.readAllLines(one), Files.readAllLines(two));
        List<String> lines = Files.readAllLines(one);
        assertEquals(40, lines.size());
        JsonNode record = JsonLines.MAPPER.readTree(lines.get(0));
        assertEquals(List.of("examples", "guid", "program_json", "program_tokens"), names(record));
        assertEquals(16, record.get("guid").asText().length());
        JsonNode example = record.get("examples").get(0);
        assertEquals(List.of("actions", "example_index", "inpgrid_json", "inpgrid_tensor", "outgrid_json", "outgrid_tensor"),
                names(example));
        assertEquals(6, record.get("examples").size());
        assertEquals(0, lasso("check", "--domain", "karel", "--tasks", one.toString()));
        assertEquals("tasks: 40, all examples passed: 40/40, examples passed: 240/240, unreadable lines: 0",
                stdout().get(stdout().size() - 1));
        assertEquals(2, lasso("generate", "--domain", "karel", "--count", "1", "--set", "max-rows=99", "--out", one.toString()));
        assertEquals(List.of("error: Karel generator option max-rows: 99 is outside 2..16"), stderr());
    }

    @Test
    void perfEndsWithTheExecutionRate() {
        assertEquals(0, lasso("perf", "--domain", "karel", "--seconds", "0.5", "--warmup", "0"));
        List<String> lines = stdout();
        assertTrue(lines.get(0).startsWith("karel: 500 real test programs"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).matches("executions/s: \\d+"), lines.get(lines.size() - 1));
    }

    @Test
    void demoRunsTheKarelPiecesAndSaysAllIsWell() {
        assertEquals(0, lasso("demo", "--tasks", "60", "--seconds", "0.2"));
        String text = console.out();
        assertTrue(text.contains("500/500 real test programs parse and print back to the same tokens"), text);
        assertTrue(text.contains("48/48 examples pass"), text);
        assertTrue(text.contains("9 worlds, 14 events, success true"), text);
        assertTrue(text.contains("everything as expected"), text);
        // The shipped demo tasks, solved by the embedded node's actors.
        assertTrue(text.contains("== Karel: 6 shipped tasks"), text);
        assertTrue(text.contains("== Restricted C: 4 shipped tasks"), text);
        assertTrue(text.contains("== DeepCoder list DSL: 4 shipped tasks"), text);
        assertTrue(text.matches("(?s).*best-first +[1-6]/6 .*beam +[1-6]/6 .*greedy +[1-6]/6 .*"), text);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
