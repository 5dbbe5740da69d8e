package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A task as it stands in a file: an id, the reference program's text (which may not parse, and
 * may be empty where the task only has examples) and the examples.
 *
 * @param recorded what the file records about the task beyond its examples' inputs and outputs, in
 *                 the domain's own shape (Karel: each example's executed actions), so that
 *                 {@link TaskFormat#check} can compare it and {@link TaskFormat#write} keep it; null
 *                 when the file records nothing more
 */
public record Task<I, O>(String id, String program, List<Example<I, O>> examples, JsonNode recorded) {

    public Task {
        examples = List.copyOf(examples);
        recorded = recorded == null ? null : recorded.deepCopy();
    }

    public Task(String id, String program, List<Example<I, O>> examples) {
        this(id, program, examples, null);
    }

    /** The examples a search may see. */
    public List<Example<I, O>> given() {
        return examples.stream().filter(e -> !e.heldout()).toList();
    }

    /** The examples that only judge an answer. */
    public List<Example<I, O>> heldout() {
        return examples.stream().filter(Example::heldout).toList();
    }
}
