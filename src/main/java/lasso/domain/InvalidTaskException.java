package lasso.domain;

/** A task record that is not well formed; the message names the field and the problem. */
public final class InvalidTaskException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidTaskException(String message) {
        super(message);
    }
}
