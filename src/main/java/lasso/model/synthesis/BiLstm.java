package lasso.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A bidirectional LSTM of one or more layers over {@code (N, T, in)}, batch first: an {@link Lstm}
 * with both directions, run in one fused call. States are {@code (2 · layers, N, H)}, per layer the
 * forward direction first, as PyTorch lays them out; outputs are {@code (N, T, 2H)}.
 */
public final class BiLstm {

    private final Lstm lstm;
    private final int inputSize;

    public BiLstm(Attention.BlockRegistry owner, String name, int hidden, int inputSize) {
        this(owner, name, hidden, inputSize, 1);
    }

    public BiLstm(Attention.BlockRegistry owner, String name, int hidden, int inputSize, int layers) {
        this.lstm = owner.add(name, new Lstm(hidden, inputSize, layers, true));
        this.inputSize = inputSize;
    }

    public void initialize(NDManager manager) {
        lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, inputSize));
    }

    /** From zero states. */
    public NDList apply(ParameterStore store, NDArray x, boolean training) {
        return lstm.fused(store, x, null, null, training);
    }

    /** From states {@code h0}, {@code c0} of shape (2 · layers, N, H). */
    public NDList apply(ParameterStore store, NDArray x, NDArray h0, NDArray c0, boolean training) {
        return lstm.fused(store, x, h0, c0, training);
    }

    /**
     * Over sequences padded at the end to one length (one layer): row {@code i} holds {@code lengths[i]}
     * real steps. The backward direction reads each row's own steps from its last one, then the
     * padding, so a row's outputs at its real steps do not depend on the padding (nor on what else is in
     * the batch). Returns the outputs {@code (N, T, 2H)}.
     */
    public NDArray applyPadded(ParameterStore store, NDArray x, int[] lengths, boolean training) {
        long rows = x.getShape().get(0);
        int steps = (int) x.getShape().get(1);
        int[] reversed = new int[(int) rows * steps];
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < steps; t++) {
                reversed[i * steps + t] = i * steps + (t < lengths[i] ? lengths[i] - 1 - t : t);
            }
        }
        NDArray index = SynthesisNetwork.indices(x.getManager(), reversed);
        long width = x.getShape().get(2);
        NDArray flipped = x.reshape(rows * steps, width).get(index).reshape(rows, steps, width);
        NDArray f = lstm.direction(store, x, 0, training);
        NDArray b = lstm.direction(store, flipped, 1, training);
        long hidden = b.getShape().get(2);
        NDArray unflipped = b.reshape(rows * steps, hidden).get(index).reshape(rows, steps, hidden);
        return f.concat(unflipped, -1);
    }
}
