package lasso.domain;

/**
 * One input-output example. {@code output} is null where a file gives only the input (the exec
 * command's tasks). Held-out examples are hidden from the search and only judge its answer.
 */
public record Example<I, O>(I input, O output, boolean heldout) {

    public Example {
        if (input == null) {
            throw new IllegalArgumentException("an example needs an input");
        }
    }

    public static <I, O> Example<I, O> given(I input, O output) {
        return new Example<>(input, output, false);
    }
}
