package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A domain's task files (JSON lines, one task per line) and the file-level commands that read them.
 * The record shapes are contracts that users and later tools depend on.
 */
public interface TaskFormat<I, O> {

    /** The name of a task's id field in this domain's files ({@code guid} for the MSR Karel files). */
    String idField();

    /**
     * Reads one task.
     *
     * @throws InvalidTaskException naming the field and the problem (a grid out of range, a list of
     *                              the wrong length, …)
     */
    Task<I, O> read(JsonNode record) throws InvalidTaskException;

    /** Writes one task in the same shape {@link #read} accepts. */
    ObjectNode write(Task<I, O> task);

    /**
     * The {@code exec} command's records for one task: one per example with its status and output,
     * or a single {@code syntax_error} record when the task's program does not parse.
     */
    List<ObjectNode> exec(Task<I, O> task);

    /** Runs the task's own program on its own examples and compares the results with the file. */
    CheckResult check(Task<I, O> task);

    /** How many of a task's examples its program reproduces, and what differed. */
    record CheckResult(int passed, int total, List<String> problems) {

        public CheckResult {
            problems = List.copyOf(problems);
        }
    }
}
