package lasso.domain;

import java.util.List;

/**
 * A task as it stands in a file: an id, the reference program's text (which may not parse, and
 * may be empty where the task only has examples) and the examples.
 */
public record Task<I, O>(String id, String program, List<Example<I, O>> examples) {

    public Task {
        examples = List.copyOf(examples);
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
