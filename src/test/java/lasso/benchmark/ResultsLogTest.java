package lasso.benchmark;

import lasso.client.ResultLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsLogTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    private static ResultLine solved(String id) {
        return new ResultLine(id, ResultLine.SOLVED, "move", 5, 5, 1, 1, 2, 300, 45, "found", "");
    }

    private ResultsLog open(Path file) throws IOException {
        return ResultsLog.open(file, new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    @Test
    void linesAreAppendedAndReadBackByIdInOrder() throws IOException {
        Path file = dir.resolve("results.jsonl");
        try (ResultsLog log = open(file)) {
            assertTrue(log.append(solved("a")));
            assertTrue(log.append(ResultLine.error("b", "bad task")));
            assertFalse(log.append(solved("a")), "a task keeps its first line");
        }
        assertEquals(2, Files.readAllLines(file).size());
        try (ResultsLog log = open(file)) {
            assertEquals(List.of("a", "b"), List.copyOf(log.lines().keySet()));
            assertEquals(solved("a"), log.lines().get("a"));
            assertEquals("bad task", log.lines().get("b").message());
            log.append(solved("c"));
        }
        assertEquals(3, Files.readAllLines(file).size());
    }

    /** Every prefix of a file cut in the middle of its last line, as kill -9 during a write leaves it. */
    @Test
    void aPartialLastLineIsDroppedWhereverTheWriteStopped() throws IOException {
        Path whole = dir.resolve("whole.jsonl");
        try (ResultsLog log = open(whole)) {
            log.append(solved("a"));
            log.append(solved("b"));
        }
        byte[] bytes = Files.readAllBytes(whole);
        int firstLineEnd = new String(bytes, StandardCharsets.UTF_8).indexOf('\n') + 1;
        for (int cut = firstLineEnd + 1; cut < bytes.length; cut++) {
            Path torn = dir.resolve("torn-" + cut + ".jsonl");
            Files.write(torn, java.util.Arrays.copyOf(bytes, cut));
            try (ResultsLog log = open(torn)) {
                assertEquals(List.of("a"), List.copyOf(log.lines().keySet()), "cut at " + cut);
                log.append(solved("b"));
            }
            assertEquals(Files.readString(whole), Files.readString(torn), "resumed after a cut at " + cut);
        }
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("dropped a partial last line"));
    }

    /** A report reads the results of a run that may be writing them: it leaves the file as it is. */
    @Test
    void readingLeavesALineBeingWrittenAlone() throws IOException {
        Path file = dir.resolve("results.jsonl");
        String partial = solved("b").text().substring(0, 20);
        Files.writeString(file, solved("a").text() + "\n" + partial);
        assertEquals(List.of("a"), List.copyOf(ResultsLog.read(file).keySet()));
        assertEquals(solved("a").text() + "\n" + partial, Files.readString(file));
        assertEquals(0, ResultsLog.read(dir.resolve("none.jsonl")).size());
    }

    @Test
    void aDamagedLineInsideTheFileIsNamed() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, solved("a").text() + "\n{\"id\": \"b\"}\n" + solved("c").text() + "\n");
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().contains("results.jsonl:2: not a result line: status: missing"), e.getMessage());
    }

    @Test
    void aTaskTwiceInTheFileCountsOnce() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, solved("a").text() + "\n", StandardOpenOption.CREATE);
        Files.writeString(file, ResultLine.error("a", "later").text() + "\n", StandardOpenOption.APPEND);
        try (ResultsLog log = open(file)) {
            assertEquals(ResultLine.SOLVED, log.lines().get("a").status());
        }
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("task a has a line already"));
    }
}
