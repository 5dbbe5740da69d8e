package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code exec} and {@code check} commands' work on one task, for the domains whose files record
 * nothing about a run but its output (a task format that records more, such as Karel's action
 * lists, does its own).
 */
public final class TaskRuns {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TaskRuns() {
    }

    /**
     * One record per example, {@code {"id", "example_index", "status": "ok"|"error"|"timeout",
     * "output": … or null}} with a {@code "message"} for a failure; or one {@code syntax_error} record
     * when the program does not parse.
     */
    public static <P, I, O> List<ObjectNode> exec(Domain<P, I, O> domain, Task<I, O> task,
                                                  Function<O, JsonNode> outputJson) {
        P program;
        try {
            program = domain.parse(task.program());
        } catch (ProgramSyntaxException e) {
            ObjectNode record = JSON.objectNode();
            record.put("id", task.id());
            record.put("status", "syntax_error");
            record.put("message", e.getMessage());
            return List.of(record);
        }
        List<ObjectNode> records = new ArrayList<>(task.examples().size());
        for (int i = 0; i < task.examples().size(); i++) {
            ObjectNode record = JSON.objectNode();
            record.put("id", task.id());
            record.put("example_index", i);
            Outcome<O> outcome = domain.run(program, task.examples().get(i).input());
            if (outcome instanceof Outcome.Ok<O> ok) {
                record.put("status", "ok");
                record.set("output", outputJson.apply(ok.output()));
            } else {
                Outcome.Failure<O> failure = (Outcome.Failure<O>) outcome;
                record.put("status", status(failure));
                record.putNull("output");
                record.put("message", failure.reason());
            }
            records.add(record);
        }
        return records;
    }

    /** Runs the task's program on each example and names what differed from the file. */
    public static <P, I, O> TaskFormat.CheckResult check(Domain<P, I, O> domain, Task<I, O> task) {
        int total = task.examples().size();
        P program;
        try {
            program = domain.parse(task.program());
        } catch (ProgramSyntaxException e) {
            return new TaskFormat.CheckResult(0, total, List.of("syntax error: " + e.getMessage()));
        }
        int passed = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Example<I, O> example = task.examples().get(i);
            if (example.output() == null) {
                problems.add("example " + i + ": no output to compare with");
                continue;
            }
            Outcome<O> outcome = domain.run(program, example.input());
            String expected = "example " + i + ": input " + example.input() + " expected " + example.output() + " but ";
            if (outcome instanceof Outcome.Ok<O> ok) {
                if (ok.output().equals(example.output())) {
                    passed++;
                } else {
                    problems.add(expected + "got " + ok.output());
                }
            } else {
                Outcome.Failure<O> failure = (Outcome.Failure<O>) outcome;
                problems.add(expected + status(failure) + ": " + failure.reason());
            }
        }
        return new TaskFormat.CheckResult(passed, total, problems);
    }

    private static String status(Outcome.Failure<?> failure) {
        return failure.kind() == Outcome.FailureKind.ERROR ? "error" : "timeout";
    }
}
