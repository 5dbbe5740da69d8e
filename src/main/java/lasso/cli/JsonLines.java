package lasso.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import lasso.client.TaskEntry;
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
 * is still read ({@link TaskEntry}; a binary file stops at its first NUL byte).
 */
final class JsonLines {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code lasso.limits.max-task-line-bytes} of the embedded configuration (and -D properties). */
    static final long MAX_LINE_BYTES = ConfigFactory.load().getBytes("lasso.limits.max-task-line-bytes");

    private JsonLines() {
    }

    /**
     * Reads every task of the file and hands the valid ones to {@code action}; each bad line is
     * reported on {@code errors} ({@link TaskEntry#forEach}).
     *
     * @return the number of lines that could not be read
     */
    static <I, O> int forEachTask(Path file, TaskFormat<I, O> format, PrintStream errors,
                                  Consumer<Task<I, O>> action) throws IOException {
        int[] bad = {0};
        TaskEntry.forEach(file, format, MAX_LINE_BYTES, entry -> {
            if (entry.readable()) {
                action.accept(entry.task());
            } else {
                errors.println(entry.describeError());
                bad[0]++;
            }
        });
        return bad[0];
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
