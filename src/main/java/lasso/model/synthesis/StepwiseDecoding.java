package lasso.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.util.List;

/**
 * What every network's step-by-step decoding shares. Each step runs in its own scope; the arrays
 * that carry on move to a fresh manager and the previous step's manager closes, so a long beam
 * search accumulates nothing. Rows are beams of tasks, each with {@code examples} example rows.
 */
public abstract class StepwiseDecoding implements DecodingState {

    private final NDManager parent;
    protected final long examples;
    protected NDManager manager;
    protected int rows;

    protected StepwiseDecoding(NDManager parent, int rows, long examples) {
        this.parent = parent;
        this.rows = rows;
        this.examples = examples;
    }

    /** One step inside the step's scope: feeds the tokens and returns the next token's logits. */
    protected abstract float[] advance(int[] tokens);

    /**
     * Keeps the rows a beam search chose: {@code perExample} indexes the (row, example) rows of the
     * encodings, {@code parents} the rows.
     */
    protected abstract void reorder(NDArray perExample, int[] parents);

    /** The arrays the next step reads. */
    protected abstract List<NDArray> carried();

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final float[] step(int[] tokens) {
        if (tokens.length != rows) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + rows + " rows");
        }
        try (NDScope scope = new NDScope()) {
            float[] logits = advance(tokens);
            keep();
            return logits;
        }
    }

    @Override
    public final void select(int[] parents) {
        try (NDScope scope = new NDScope()) {
            int[] perExample = new int[(int) (parents.length * examples)];
            for (int i = 0; i < parents.length; i++) {
                for (int k = 0; k < examples; k++) {
                    perExample[(int) (i * examples + k)] = (int) (parents[i] * examples + k);
                }
            }
            reorder(SynthesisNetwork.indices(manager, perExample), parents);
            rows = parents.length;
            keep();
        }
    }

    /** Moves the carried arrays out of the closing scope into a new manager; closes the old one. */
    protected final void keep() {
        NDManager next = parent.newSubManager();
        for (NDArray array : carried()) {
            NDScope.unregister(array);
            array.attach(next);
        }
        if (manager != null) {
            manager.close();
        }
        manager = next;
    }

    @Override
    public final void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
