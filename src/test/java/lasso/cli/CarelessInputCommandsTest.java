package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line against careless input: bad bytes, over-long lines, binary files, programs that
 * would overflow a recursive walk, and options that would hang or overflow. Each gets a message
 * naming the problem; the rest of the file is still read and every earlier result kept.
 */
class CarelessInputCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IDENTITY = "{\"id\": \"%s\", \"program\": \"{ return a; }\", \"examples\": "
            + "[{\"input\": [1, 2, 3, 4, 5], \"output\": [1, 2, 3, 4, 5]}, {\"input\": [0, 0, 0, 0, 7], \"output\": [0, 0, 0, 0, 7]}]}";

    private record Result(int code, String out, String err) {
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

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A task file: a good task, one with invalid UTF-8, one line of 2 KB (over a 1 KiB limit), another good one. */
    private static Path carelessFile(Path folder) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(line(IDENTITY.formatted("first")));
        file.write("{\"id\": \"latin1\", \"program\": \"".getBytes(StandardCharsets.UTF_8));
        file.write(new byte[] {(byte) 0xC3, 0x28, '"', '}', '\n'}); // Latin-1 bytes, not UTF-8
        file.write(line("{\"id\": \"long\", \"program\": \"" + "x".repeat(2048) + "\"}"));
        file.write(line(IDENTITY.formatted("last")));
        Path tasks = folder.resolve("careless.jsonl");
        Files.write(tasks, file.toByteArray());
        return tasks;
    }

    @Test
    void solveReportsBadBytesAndLongLinesWithTheirLineAndSolvesTheRest(@TempDir Path folder) throws Exception {
        Path tasks = carelessFile(folder);
        Path config = folder.resolve("small-lines.conf");
        Files.writeString(config, "lasso.limits.max-task-line-bytes = 1 KiB\n");
        Path out = folder.resolve("results.jsonl");
        Result result = lasso("solve", "--domain", "c", "--tasks", tasks.toString(), "--out", out.toString(),
                "--proposer", "generator", "--budget", "evaluated=50", "--config", config.toString());
        assertEquals(1, result.code(), "error lines give exit code 1: " + result.err());
        assertTrue(result.err().contains(tasks + ":2: invalid UTF-8 at byte 30 of the line"), result.err());
        assertTrue(result.err().contains(tasks + ":3: line of 2077 bytes, longer than 1024 "
                + "(lasso.limits.max-task-line-bytes); skipped"), result.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            lines.add(JSON.readTree(line));
        }
        assertEquals(List.of("first", tasks + ":2", tasks + ":3", "last"),
                lines.stream().map(l -> l.get("id").asText()).toList(), "every line in file order");
        assertNotEquals("error", lines.get(0).get("status").asText());
        assertEquals("error", lines.get(1).get("status").asText());
        assertEquals("error", lines.get(2).get("status").asText());
        assertNotEquals("error", lines.get(3).get("status").asText());
        assertTrue(result.out().contains("4 c tasks"), "the summary is printed: " + result.out());
    }

    @Test
    void aBinaryFileIsReportedOnceAndNotReadOn() throws Exception {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) {
            return;
        }
        Result result = lasso("exec", "--domain", "c", "--tasks", zero.toString());
        assertEquals(1, result.code(), result.err());
        assertEquals("error: /dev/zero:1: binary data (a NUL byte at byte 1 of the line): not a JSON lines file; "
                + "the rest of it is not read", result.err().lines().findFirst().orElse(""));
        assertTrue(result.out().isEmpty());
    }

    @Test
    void aLongOperatorChainIsASyntaxErrorAndTheNextTaskStillRuns(@TempDir Path folder) throws Exception {
        Path tasks = folder.resolve("chains.jsonl");
        Files.writeString(tasks, String.join("\n",
                "{\"id\": \"sum\", \"program\": \"{ a[0] = 1" + " + 1".repeat(10_000) + "; return a; }\", "
                        + "\"examples\": [{\"input\": [1, 2, 3, 4, 5]}]}",
                "{\"id\": \"and\", \"program\": \"{ a[0] = 1" + " && 1".repeat(100_000) + "; return a; }\", "
                        + "\"examples\": [{\"input\": [1, 2, 3, 4, 5]}]}",
                IDENTITY.formatted("after")));
        Result exec = lasso("exec", "--domain", "c", "--tasks", tasks.toString());
        List<JsonNode> records = new ArrayList<>();
        for (String line : exec.out().lines().toList()) {
            records.add(JSON.readTree(line));
        }
        assertEquals("syntax_error", records.get(0).get("status").asText(), exec.out());
        assertTrue(records.get(0).get("message").asText().contains("expression nested more than 200 levels deep"));
        assertEquals("syntax_error", records.get(1).get("status").asText());
        assertEquals("after", records.get(2).get("id").asText());
        assertEquals("ok", records.get(2).get("status").asText());

        Result check = lasso("check", "--domain", "c", "--tasks", tasks.toString());
        assertTrue(check.out().contains("after"), check.out() + check.err());
    }

    @Test
    void optionsThatWouldHangOrOverflowAreRefusedNamingTheProblem(@TempDir Path folder) throws Exception {
        Path tasks = folder.resolve("one.jsonl");
        Files.writeString(tasks, IDENTITY.formatted("one") + "\n");
        String out = folder.resolve("out.jsonl").toString();
        for (String parallel : List.of("0", "-1")) {
            Result result = lasso("solve", "--domain", "c", "--tasks", tasks.toString(), "--out", out, "--parallel", parallel);
            assertEquals(2, result.code());
            assertEquals("error: --parallel: at least one job must be in flight, not " + parallel, result.err().strip());
        }
        Result batch = lasso("solve", "--domain", "c", "--tasks", tasks.toString(), "--out", out,
                "--batch-size", "1000000000");
        assertEquals("error: --batch-size: 1000000000 is above this server's limit of 4096 (lasso.limits.max-batch-size)",
                batch.err().strip());
        Result deadline = lasso("solve", "--domain", "c", "--tasks", tasks.toString(), "--out", out,
                "--budget", "deadline=100000000000 days");
        assertEquals(2, deadline.code());
        assertTrue(deadline.err().strip().startsWith("error: --budget deadline: "), deadline.err());
        assertTrue(deadline.err().strip().endsWith(" ms is above this server's limit of 600000 ms "
                + "(lasso.limits.max-deadline)"), deadline.err());
    }

    @Test
    void aDebuggersStartingWeightsGivenToASynthesizerAreRefusedNotIgnored(@TempDir Path folder) throws Exception {
        Path tasks = folder.resolve("one.jsonl");
        Files.writeString(tasks, IDENTITY.formatted("one") + "\n");
        Result init = lasso("train", "--model", "c-noexecutor", "--data", tasks.toString(), "--steps", "1",
                "--init", folder.resolve("model").toString(), "--out", folder.resolve("trained").toString());
        assertEquals(2, init.code());
        assertTrue(init.err().strip().startsWith("error: --init, --finetune and --mistakes are for the debuggers"),
                init.err());
        assertTrue(Files.notExists(folder.resolve("trained")));
    }
}
