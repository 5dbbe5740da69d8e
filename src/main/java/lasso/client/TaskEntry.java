package lasso.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One line of a task file: the task, or why it could not be read. A line that cannot be read keeps
 * its id when it has one, else its place ({@code FILE:LINE}), so that it still gets its result line.
 */
public record TaskEntry<I, O>(String id, Task<I, O> task, String error) {

    public boolean readable() {
        return task != null;
    }

    /** Every non-blank line of {@code file}, in order; each unreadable one is also reported on {@code errors}. */
    public static <I, O> List<TaskEntry<I, O>> read(Path file, TaskFormat<I, O> format, PrintStream errors)
            throws IOException {
        List<TaskEntry<I, O>> entries = new ArrayList<>();
        forEach(file, format, errors, entries::add);
        return entries;
    }

    /**
     * Hands each non-blank line of {@code file} to {@code action} as it is read (large files need not fit
     * in memory). An unreadable line is reported on one line naming the file, the line, the task when it
     * has an id, and the problem: {@code error: FILE:LINE (task ID): MESSAGE}.
     */
    public static <I, O> void forEach(Path file, TaskFormat<I, O> format, PrintStream errors,
                                      Consumer<TaskEntry<I, O>> action) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number;
                JsonNode record = null;
                Task<I, O> task;
                try {
                    record = ResultLine.MAPPER.readTree(line);
                    if (!record.isObject()) {
                        throw new InvalidTaskException("a task must be a JSON object");
                    }
                    task = format.read(record);
                } catch (JsonProcessingException | InvalidTaskException e) {
                    String message = e instanceof JsonProcessingException json
                            ? "malformed JSON: " + json.getOriginalMessage() : e.getMessage();
                    JsonNode id = record == null || !record.isObject() ? null : record.get(format.idField());
                    boolean named = id != null && id.isValueNode();
                    errors.println("error: " + where + (named ? " (task " + id.asText() + ")" : "") + ": " + message);
                    action.accept(new TaskEntry<>(named ? id.asText() : where, null, message));
                    continue;
                }
                action.accept(new TaskEntry<>(task.id(), task, null));
            }
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
    }
}
