package lasso.domain;

/**
 * A language's grammar as an incremental next-token mask for decoders: after each accepted token it
 * says which vocabulary ids may come next, so that a beam search only ever finishes programs that
 * parse. A mask that has not {@link #complete() completed} can always be completed: some allowed
 * token leads on to a whole program. {@link #copy()} forks it for a new beam.
 */
public interface SyntaxMask {

    /** Whether the vocabulary id {@code token} may come next. */
    boolean allows(int token);

    /**
     * Accepts the next token.
     *
     * @throws IllegalArgumentException if the grammar does not allow it here
     */
    void accept(int token);

    /** Whether the tokens so far are a whole program (then nothing more is allowed). */
    boolean complete();

    /** Whether accepting {@code token} (which must be allowed) would complete the program. */
    default boolean completedBy(int token) {
        SyntaxMask next = copy();
        next.accept(token);
        return next.complete();
    }

    /** Tokens accepted so far. */
    int length();

    /** An independent copy in the same state. */
    SyntaxMask copy();
}
