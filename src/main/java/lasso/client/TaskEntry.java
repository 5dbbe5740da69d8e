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

/**
 * One line of a task file: the task, or why it could not be read. A line that cannot be read keeps
 * its id when it has one, else its place ({@code FILE:LINE}), so that it still gets its result line.
 */
public record TaskEntry<I, O>(String id, Task<I, O> task, String error) {

    public boolean readable() {
        return task != null;
    }

    /** Every non-blank line of {@code file}; each unreadable one is also reported on {@code errors}. */
    public static <I, O> List<TaskEntry<I, O>> read(Path file, TaskFormat<I, O> format, PrintStream errors)
            throws IOException {
        List<TaskEntry<I, O>> entries = new ArrayList<>();
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
                try {
                    record = ResultLine.MAPPER.readTree(line);
                    if (!record.isObject()) {
                        throw new InvalidTaskException("a task must be a JSON object");
                    }
                    Task<I, O> task = format.read(record);
                    entries.add(new TaskEntry<>(task.id(), task, null));
                } catch (JsonProcessingException | InvalidTaskException e) {
                    String message = e instanceof JsonProcessingException json
                            ? "malformed JSON: " + json.getOriginalMessage() : e.getMessage();
                    JsonNode id = record == null ? null : record.get(format.idField());
                    String name = id != null && id.isValueNode() ? id.asText() : where;
                    errors.println("error: " + where + ": " + message);
                    entries.add(new TaskEntry<>(name, null, message));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
        return entries;
    }
}
