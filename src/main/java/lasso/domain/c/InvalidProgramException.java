package lasso.domain.c;

/**
 * A syntax tree that is not a valid program (an undeclared variable, a {@code break} outside a loop,
 * …). {@code node} is the offending node, so that the parser can name its line and column.
 */
final class InvalidProgramException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Object node;

    InvalidProgramException(Object node, String message) {
        super(message);
        this.node = node;
    }

    Object node() {
        return node;
    }
}
