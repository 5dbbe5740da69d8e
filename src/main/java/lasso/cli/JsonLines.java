package lasso.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Task files in JSON lines. A bad line (not UTF-8, too long, malformed JSON, an invalid task) is
 * reported on one line naming the file, the line, the task and the problem, and the rest of the file
 * is still read ({@link TaskFileLines}; a binary file stops at its first NUL byte).
 */
final class JsonLines {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code lasso.limits.max-task-line-bytes} of the embedded configuration (and -D properties). */
    static final long MAX_LINE_BYTES = ConfigFactory.load().getBytes("lasso.limits.max-task-line-bytes");

    /**
     * One line of a task file: its task, or why it could not be read.
     *
     * @param where {@code FILE:LINE}
     * @param id    the task's id when the line names one, else {@code where}
     */
    record TaskLine<I, O>(String where, String id, Task<I, O> task, String error) {
    }

    private JsonLines() {
    }

    /**
     * Reads every task of the file and hands the valid ones to {@code action}; each bad line is
     * reported on {@code errors}.
     *
     * @return the number of lines that could not be read
     */
    static <I, O> int forEachTask(Path file, TaskFormat<I, O> format, PrintStream errors,
                                  Consumer<Task<I, O>> action) throws IOException {
        int[] bad = {0};
        forEachLine(file, format, MAX_LINE_BYTES, line -> {
            if (line.task() != null) {
                action.accept(line.task());
            } else {
                errors.println("error: " + line.where() + (line.id().equals(line.where()) ? "" : " (task " + line.id() + ")")
                        + ": " + line.error());
                bad[0]++;
            }
        });
        return bad[0];
    }

    /** Hands every non-blank line of the file to {@code action}, read or not, in file order. */
    static <I, O> void forEachLine(Path file, TaskFormat<I, O> format, long maxLineBytes,
                                   Consumer<TaskLine<I, O>> action) throws IOException {
        try (TaskFileLines lines = new TaskFileLines(file, maxLineBytes)) {
            TaskFileLines.Line line;
            while ((line = lines.next()) != null) {
                String where = file + ":" + line.number();
                if (line.text() == null) {
                    action.accept(new TaskLine<>(where, where, null, line.error()));
                } else if (!line.text().isBlank()) {
                    action.accept(read(where, line.text(), format));
                }
            }
        }
    }

    private static <I, O> TaskLine<I, O> read(String where, String text, TaskFormat<I, O> format) {
        JsonNode record;
        try {
            record = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new TaskLine<>(where, where, null, "malformed JSON: " + e.getOriginalMessage());
        }
        try {
            if (!record.isObject()) {
                throw new InvalidTaskException("a task must be a JSON object");
            }
            Task<I, O> task = format.read(record);
            return new TaskLine<>(where, task.id(), task, null);
        } catch (InvalidTaskException | RuntimeException e) { // a format's slip costs its line, not the file
            JsonNode id = record.get(format.idField());
            return new TaskLine<>(where, id != null && id.isValueNode() ? id.asText() : where, null,
                    e instanceof InvalidTaskException ? e.getMessage() : "invalid task: " + e);
        }
    }

    /** Writes one JSON value on its own line. */
    static void print(PrintStream out, JsonNode value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
