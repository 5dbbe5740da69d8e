package lasso.client;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task file lines over arbitrary bytes: never an exception, every line accounted for, nothing past a NUL. */
class TaskFileLinesTest {

    private static List<TaskFileLines.Line> lines(byte[] bytes, long maxBytes) throws IOException {
        Path file = Files.createTempFile("lasso-lines", ".jsonl");
        try {
            Files.write(file, bytes);
            List<TaskFileLines.Line> lines = new ArrayList<>();
            try (TaskFileLines reader = new TaskFileLines(file, maxBytes)) {
                TaskFileLines.Line line;
                while ((line = reader.next()) != null) {
                    lines.add(line);
                }
            }
            return lines;
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200)
    void anyBytesGiveNumberedLinesEachReadOrExplained(@ForAll @Size(max = 600) byte[] bytes) throws IOException {
        List<TaskFileLines.Line> lines = lines(bytes, 40);
        int newlines = 0;
        int nul = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                nul = i;
                break;
            }
            newlines += bytes[i] == '\n' ? 1 : 0;
        }
        for (int i = 0; i < lines.size(); i++) {
            TaskFileLines.Line line = lines.get(i);
            assertEquals(i + 1, line.number());
            assertTrue((line.text() == null) != (line.error() == null), line.toString());
            assertTrue(line.text() == null || line.text().getBytes(StandardCharsets.UTF_8).length <= 40);
        }
        if (nul >= 0) {
            assertTrue(lines.get(lines.size() - 1).error().startsWith("binary data"), "a NUL ends the file: " + lines);
            assertEquals(newlines + 1, lines.size());
        } else {
            assertTrue(lines.size() == newlines || lines.size() == newlines + 1, lines.size() + " lines, " + newlines + " newlines");
        }
    }

    @Property(tries = 100)
    void textLinesReadBackAsTheyWere(@ForAll @Size(max = 20) List<@Size(max = 30) String> texts) throws IOException {
        List<String> clean = texts.stream().map(t -> t.replace('\n', ' ').replace('\r', ' ').replace('\u0000', ' ')).toList();
        List<TaskFileLines.Line> lines = lines((String.join("\n", clean) + "\n").getBytes(StandardCharsets.UTF_8), 1 << 20);
        if (clean.isEmpty()) {
            assertEquals(1, lines.size());
            return;
        }
        assertEquals(clean, lines.stream().map(TaskFileLines.Line::text).toList());
    }
}
