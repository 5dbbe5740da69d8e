package lasso.domain;

/**
 * A program that does not parse. The message names the problem and where it is: a token index
 * for token input, a line and column for text input.
 */
public final class ProgramSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProgramSyntaxException(String message) {
        super(message);
    }
}
