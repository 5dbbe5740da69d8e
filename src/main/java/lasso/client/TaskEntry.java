package lasso.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One line of a task file: the task, or why it could not be read. A line that cannot be read keeps
 * its id when it names one, else its place, so that it still gets its result line.
 *
 * @param where {@code FILE:LINE}
 * @param id    the task's id when the line names one, else {@code where}
 */
public record TaskEntry<I, O>(String where, String id, Task<I, O> task, String error) {

    /** A task that does not come from a file (its id stands for its place). */
    public static <I, O> TaskEntry<I, O> of(Task<I, O> task) {
        return new TaskEntry<>(task.id(), task.id(), task, null);
    }

    public boolean readable() {
        return task != null;
    }

    /**
     * Every non-blank line of {@code file}, in order; each unreadable one is also reported on
     * {@code errors} as {@code error: FILE:LINE (task ID): MESSAGE}.
     *
     * @param maxLineBytes the longest line read ({@code lasso.limits.max-task-line-bytes})
     */
    public static <I, O> List<TaskEntry<I, O>> read(Path file, TaskFormat<I, O> format, long maxLineBytes,
                                                    PrintStream errors) throws IOException {
        List<TaskEntry<I, O>> entries = new ArrayList<>();
        forEach(file, format, maxLineBytes, entry -> {
            if (!entry.readable()) {
                errors.println(entry.describeError());
            }
            entries.add(entry);
        });
        return entries;
    }

    /** {@code error: FILE:LINE (task ID): MESSAGE}, without the task where the line names none. */
    public String describeError() {
        return "error: " + where + (id.equals(where) ? "" : " (task " + id + ")") + ": " + error;
    }

    /**
     * Hands every non-blank line of {@code file} to {@code action} as it is read, in order (large files
     * need not fit in memory). The file is read as bytes ({@link TaskFileLines}): a line that is not
     * UTF-8, too long, malformed JSON or not a valid task costs only itself; a binary file stops at its
     * first NUL byte.
     */
    public static <I, O> void forEach(Path file, TaskFormat<I, O> format, long maxLineBytes,
                                      Consumer<TaskEntry<I, O>> action) throws IOException {
        try (TaskFileLines lines = new TaskFileLines(file, maxLineBytes)) {
            TaskFileLines.Line line;
            while ((line = lines.next()) != null) {
                String where = file + ":" + line.number();
                if (line.text() == null) {
                    action.accept(new TaskEntry<>(where, where, null, line.error()));
                } else if (!line.text().isBlank()) {
                    action.accept(parse(where, line.text(), format));
                }
            }
        }
    }

    private static <I, O> TaskEntry<I, O> parse(String where, String text, TaskFormat<I, O> format) {
        JsonNode record;
        try {
            record = ResultLine.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new TaskEntry<>(where, where, null, "malformed JSON: " + e.getOriginalMessage());
        }
        try {
            if (!record.isObject()) {
                throw new InvalidTaskException("a task must be a JSON object");
            }
            Task<I, O> task = format.read(record);
            return new TaskEntry<>(where, task.id(), task, null);
        } catch (InvalidTaskException | RuntimeException e) { // a format's slip costs its line, not the file
            JsonNode id = record.get(format.idField());
            return new TaskEntry<>(where, id != null && id.isValueNode() ? id.asText() : where, null,
                    e instanceof InvalidTaskException ? e.getMessage() : "invalid task: " + e);
        }
    }
}
