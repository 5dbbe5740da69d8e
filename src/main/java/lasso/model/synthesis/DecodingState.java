package lasso.model.synthesis;

/**
 * A network's decoder part way through decoding a set of rows (beams of tasks). Each call of
 * {@link #step} feeds one token per row and returns the logits of the next one; {@link #select}
 * keeps, reorders or duplicates rows as a beam search moves on.
 */
public interface DecodingState extends AutoCloseable {

    /** Rows now decoding. */
    int rows();

    /**
     * Feeds one token per row (the start token first) and returns the logits of the next token,
     * {@code rows × vocabulary}, row-major.
     */
    float[] step(int[] tokens);

    /** From now on row {@code i} continues old row {@code parents[i]}; the number of rows may change. */
    void select(int[] parents);

    @Override
    void close();
}
