package lasso.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Task files in JSON lines. A bad line (malformed JSON, an invalid task) is reported on one line
 * naming the file, the line, the task and the problem, and the rest of the file is still read.
 */
final class JsonLines {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    /**
     * Reads every task of the file and hands the valid ones to {@code action}.
     *
     * @return the number of lines that could not be read
     */
    static <I, O> int forEachTask(Path file, TaskFormat<I, O> format, PrintStream errors,
                                  Consumer<Task<I, O>> action) throws IOException {
        int bad = 0;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number;
                JsonNode record;
                try {
                    record = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    errors.println("error: " + where + ": malformed JSON: " + e.getOriginalMessage());
                    bad++;
                    continue;
                }
                try {
                    if (!record.isObject()) {
                        throw new InvalidTaskException("a task must be a JSON object");
                    }
                    action.accept(format.read(record));
                } catch (InvalidTaskException e) {
                    errors.println("error: " + where + taskName(record, format) + ": " + e.getMessage());
                    bad++;
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
        return bad;
    }

    private static String taskName(JsonNode record, TaskFormat<?, ?> format) {
        JsonNode id = record.get(format.idField());
        return id != null && id.isValueNode() ? " (task " + id.asText() + ")" : "";
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
