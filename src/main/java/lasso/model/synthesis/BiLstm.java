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
}
