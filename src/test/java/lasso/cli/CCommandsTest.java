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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contracts of the restricted-C domain, run as a user runs them. */
class CCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result lasso(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int code = Lasso.run(args);
            return new Result(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void execPrintsOneRecordPerExampleAndGoesOnPastBadLines(@TempDir Path folder) throws Exception {
        Path tasks = folder.resolve("tasks.jsonl");
        Files.writeString(tasks, String.join("\n",
                "{\"id\": \"t1\", \"program\": \"int * func_1(int a[])\\n{\\n    int p_0 = 0;\\n    int l_25 = 4;\\n"
                        + "    a[p_0] = 1;\\n    --a[l_25];\\n    return a;\\n}\", \"examples\": ["
                        + "{\"input\": [1, -3, 0, 2, 4], \"output\": [1, -3, 0, 2, 3]}, {\"input\": [0, 0, 0, 0, 0]}]}",
                "{\"id\": \"t2\", \"program\": \"{ if (a[0] == 3) for (int p_0 = 0; p_0 < 1; p_0++) p_0--; a[a[0]] = 1; return a; }\","
                        + " \"examples\": [{\"input\": [0, 0, 0, 0, 0]}, {\"input\": [7, 0, 0, 0, 0]}, {\"input\": [3, 0, 0, 0, 0]}]}",
                "{\"id\": \"t3\", \"program\": \"{\\n  a[0] = 1;\\n  a[1] = 2\\n  return a;\\n}\", \"examples\": "
                        + "[{\"input\": [0, 0, 0, 0, 0]}, {\"input\": [1, 0, 0, 0, 0]}]}",
                "{\"id\": \"t4\", \"program\": ",
                "{\"id\": \"t5\", \"program\": \"{ return a; }\", \"examples\": [{\"input\": [1, 2, 3, 4]}]}",
                "",
                "{\"id\": \"t6\", \"program\": \"{ a[4] += a[3]; return a; }\", \"examples\": [{\"input\": [1, 2, 3, 4, 5]}]}"));
        Result result = lasso("exec", "--domain", "c", "--tasks", tasks.toString());
        assertEquals(1, result.code(), "bad lines give exit code 1");
        List<JsonNode> records = new ArrayList<>();
        for (String line : result.lines()) {
            records.add(JSON.readTree(line));
        }
        assertEquals(7, records.size(), result.out());
        assertEquals(JSON.readTree("{\"id\":\"t1\",\"example_index\":0,\"status\":\"ok\",\"output\":[1,-3,0,2,3]}"), records.get(0));
        assertEquals(JSON.readTree("{\"id\":\"t1\",\"example_index\":1,\"status\":\"ok\",\"output\":[1,0,0,0,-1]}"), records.get(1));
        assertEquals("ok", records.get(2).get("status").asText());
        assertEquals("error", records.get(3).get("status").asText());
        assertTrue(records.get(3).get("output").isNull());
        assertEquals("timeout", records.get(4).get("status").asText());
        assertTrue(records.get(4).get("output").isNull());
        assertEquals("t3", records.get(5).get("id").asText());
        assertEquals("syntax_error", records.get(5).get("status").asText());
        assertEquals("line 4, column 3: expected ';' but found 'return'", records.get(5).get("message").asText());
        assertEquals(JSON.readTree("{\"id\":\"t6\",\"example_index\":0,\"status\":\"ok\",\"output\":[1,2,3,4,9]}"), records.get(6));
        assertTrue(result.err().contains(tasks + ":4: malformed JSON"), result.err());
        assertTrue(result.err().contains(tasks + ":5 (task t5): field 'examples[0].input' must hold 5 ints, not 4"), result.err());
    }

    @Test
    void generateIsDeterministicAndCheckPassesItsTasks(@TempDir Path folder) throws Exception {
        Path one = folder.resolve("one.jsonl");
        Path two = folder.resolve("two.jsonl");
        assertEquals(0, lasso("generate", "--domain", "c", "--count", "30", "--seed", "4", "--threads", "1",
                "--out", one.toString()).code());
        assertEquals(0, lasso("generate", "--domain", "c", "--count", "30", "--seed", "4", "--threads", "2",
                "--set", "max-statements=6", "--out", two.toString()).code());
        assertEquals(Files.readString(one), Files.readString(two));
        List<String> lines = Files.readAllLines(one);
        assertEquals(30, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertTrue(first.get("program").asText().startsWith("int * func_1(int a[])\n{\n"));
        assertEquals(10, first.get("examples").size());
        assertTrue(first.get("examples").get(9).get("heldout").asBoolean());
        Result check = lasso("check", "--domain", "c", "--tasks", one.toString());
        assertEquals(0, check.code(), check.out());
        assertTrue(check.out().endsWith("tasks: 30, all examples passed: 30/30, examples passed: 300/300, unreadable lines: 0\n"));
    }

    @Test
    void checkSaysWhatDiffered(@TempDir Path folder) throws Exception {
        Path tasks = folder.resolve("tasks.jsonl");
        Files.writeString(tasks, "{\"id\": \"w\", \"program\": \"{ a[0]++; return a; }\", \"examples\": ["
                + "{\"input\": [1, 2, 3, 4, 5], \"output\": [2, 2, 3, 4, 5]}, {\"input\": [0, 0, 0, 0, 0], \"output\": [0, 0, 0, 0, 0]}]}\n");
        Result check = lasso("check", "--domain", "c", "--tasks", tasks.toString());
        assertEquals(1, check.code());
        assertEquals(List.of("w 1/2", "  example 1: input [0, 0, 0, 0, 0] expected [0, 0, 0, 0, 0] but got [1, 0, 0, 0, 0]",
                "tasks: 1, all examples passed: 0/1, examples passed: 1/2, unreadable lines: 0"), check.lines());
    }

    @Test
    void generatorOptionsAreChecked(@TempDir Path folder) {
        Result result = lasso("generate", "--domain", "c", "--count", "1", "--set", "max-rows=8",
                "--out", folder.resolve("x.jsonl").toString());
        assertEquals(2, result.code());
        assertTrue(result.err().startsWith("error: unknown option 'max-rows' for the c generator"), result.err());
    }

    @Test
    void convertGoesToTheLaSynthLayoutAndBack(@TempDir Path folder) throws Exception {
        Path tasks = folder.resolve("tasks.jsonl");
        assertEquals(0, lasso("generate", "--domain", "c", "--count", "6", "--seed", "2", "--out", tasks.toString()).code());
        Path samples = folder.resolve("lasynth");
        Result to = lasso("convert", "--domain", "c", "--to", "lasynth", tasks.toString(), "--out", samples.toString());
        assertEquals(0, to.code(), to.err());
        assertTrue(Files.exists(samples.resolve("code_5.c")) && Files.exists(samples.resolve("code_5.out"))
                && Files.exists(samples.resolve("heldout_5.c")));
        Path back = folder.resolve("back.jsonl");
        Result from = lasso("convert", "--domain", "c", "--from", "lasynth", samples.toString(), "--out", back.toString());
        assertEquals(0, from.code(), from.err());
        List<String> original = Files.readAllLines(tasks);
        List<String> converted = Files.readAllLines(back);
        assertEquals(original.size(), converted.size());
        for (int i = 0; i < original.size(); i++) {
            assertEquals(JSON.readTree(original.get(i)).get("examples"), JSON.readTree(converted.get(i)).get("examples"));
            assertEquals("code_" + i, JSON.readTree(converted.get(i)).get("id").asText());
        }
        assertEquals(0, lasso("check", "--domain", "c", "--tasks", back.toString()).code());
        Files.writeString(tasks, "{\"id\": \"few\", \"program\": \"{ return a; }\", \"examples\": [{\"input\": [1, 2, 3, 4, 5], "
                + "\"output\": [1, 2, 3, 4, 5]}]}\n");
        Result few = lasso("convert", "--domain", "c", "--to", "lasynth", tasks.toString(), "--out", folder.resolve("few").toString());
        assertEquals(1, few.code());
        assertTrue(few.err().contains("task few: the LaSynth layout holds 5 given examples, the task has 1"), few.err());
        assertEquals(2, lasso("convert", "--domain", "c", "--from", "csmith", samples.toString(), "--out", back.toString()).code());
    }

    @Test
    void crosscheckAgreesWithGccAndReportsTheJudgeRatio() {
        Result result = lasso("crosscheck", "--domain", "c", "--count", "24", "--judge-programs", "2");
        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().contains("mismatches: 0"), result.out());
        assertTrue(result.out().matches("(?s).*programs: \\d+ \\(24 random, seed 1; \\d+ hand-written\\).*"), result.out());
        assertTrue(result.out().matches("(?s).*interpreter/gcc speed ratio: [\\d,]+x\n"), result.out());
    }

    @Test
    void perfEndsWithTheRate() {
        Result result = lasso("perf", "--domain", "c", "--seconds", "0.3", "--warmup", "0.1");
        assertEquals(0, result.code(), result.err());
        List<String> lines = result.lines();
        assertTrue(lines.get(0).startsWith("c: 256 generated programs"), lines.get(0));
        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("executions/s: \\d+") && Long.parseLong(last.substring(14)) > 0, last);
    }

    /** A.7 with the shipped NoExecutor model: shorter answers replace programs, and --control keeps them. */
    @Test
    void retrainReplacesProgramsByShorterAnswersUnlessControl(@TempDir Path folder) throws Exception {
        String[] common = {"retrain", "--model", "c-noexecutor", "--generate", "24", "--seed", "3",
                "--set", "max-statements=3", "--set", "max-locals=0", "--set", "max-tokens=48", "--set", "max-depth=1",
                "--beam", "4", "--steps", "2", "--batch-size", "8"};
        double[][] lengths = new double[2][];
        int[] replaced = new int[2];
        for (int run = 0; run < 2; run++) {
            List<String> args = new ArrayList<>(List.of(common));
            args.addAll(List.of("--out", folder.resolve("run" + run).toString()));
            if (run == 1) {
                args.add("--control");
            }
            Result result = lasso(args.toArray(String[]::new));
            assertEquals(0, result.code(), result.err());
            JsonNode record = JSON.readTree(folder.resolve("run" + run).resolve("model.json").toFile()).get("training");
            lengths[run] = new double[] {record.get("mean_length_before").asDouble(), record.get("mean_length_after").asDouble()};
            replaced[run] = record.get("replaced").asInt();
            assertEquals(run == 1, record.get("control").asBoolean());
        }
        assertTrue(replaced[0] > 0, "the shipped model finds some shorter programs");
        assertEquals(replaced[0], replaced[1], "the same decoding in both runs");
        assertTrue(lengths[0][1] < lengths[0][0], "shorter programs replace the references");
        assertEquals(lengths[1][0], lengths[1][1], "--control keeps the references");
    }
}
