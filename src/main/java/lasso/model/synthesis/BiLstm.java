package lasso.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;

/**
 * A one-layer bidirectional LSTM over {@code (N, T, in)}, batch first, made of two unidirectional
 * LSTMs (the second reads the sequence reversed): DJL 0.35.1's bidirectional {@code LSTM} hands the
 * PyTorch engine its parameters in an order PyTorch does not expect. States are {@code (2, N, H)},
 * the forward direction first, as PyTorch lays them out; outputs are {@code (N, T, 2H)}.
 */
public final class BiLstm {

    private final LSTM forward;
    private final LSTM backward;
    private final int inputSize;

    public BiLstm(Attention.BlockRegistry owner, String name, int hidden, int inputSize) {
        this.forward = owner.add(name + "_forward", lstm(hidden));
        this.backward = owner.add(name + "_backward", lstm(hidden));
        this.inputSize = inputSize;
    }

    private static LSTM lstm(int hidden) {
        return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
    }

    public void initialize(NDManager manager) {
        forward.initialize(manager, DataType.FLOAT32, new Shape(1, 1, inputSize));
        backward.initialize(manager, DataType.FLOAT32, new Shape(1, 1, inputSize));
    }

    /** From zero states. */
    public NDList apply(ParameterStore store, NDArray x, boolean training) {
        NDList f = forward.forward(store, new NDList(x), training);
        NDList b = backward.forward(store, new NDList(x.flip(1)), training);
        return join(f, b);
    }

    /** From states {@code h0}, {@code c0} of shape (2, N, H). */
    public NDList apply(ParameterStore store, NDArray x, NDArray h0, NDArray c0, boolean training) {
        NDList f = forward.forward(store, new NDList(x, h0.get("0:1"), c0.get("0:1")), training);
        NDList b = backward.forward(store, new NDList(x.flip(1), h0.get("1:2"), c0.get("1:2")), training);
        return join(f, b);
    }

    /**
     * Over sequences padded at the end to one length: row {@code i} holds {@code lengths[i]} real steps.
     * The backward direction reads each row's own steps from its last one, then the padding, so a
     * row's outputs at its real steps do not depend on the padding (nor on what else is in the batch).
     * Returns the outputs {@code (N, T, 2H)}.
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
        NDArray f = forward.forward(store, new NDList(x), training).get(0);
        NDArray b = backward.forward(store, new NDList(flipped), training).get(0);
        long hidden = b.getShape().get(2);
        NDArray unflipped = b.reshape(rows * steps, hidden).get(index).reshape(rows, steps, hidden);
        return f.concat(unflipped, -1);
    }

    private static NDList join(NDList f, NDList b) {
        return new NDList(f.get(0).concat(b.get(0).flip(1), -1),
                NDArrays.concat(new NDList(f.get(1), b.get(1)), 0),
                NDArrays.concat(new NDList(f.get(2), b.get(2)), 0));
    }
}
