package lasso.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * LaSynth's attention {@code Attn(enc, q)} (models.md B.2): {@code e = W_e·enc}, {@code d = W_d·q},
 * weights {@code softmax(d·eᵀ)} over the encoder positions, result {@code tanh(Σ α·e + d)}. The
 * values are the projected encoder vectors, so the result has the projected size. Batched: enc is
 * {@code (N, positions, in)}, q is {@code (N, queries, qIn)}, the result {@code (N, queries, size)}.
 */
public final class Attention {

    private final Linear keys;
    private final Linear query;
    private final int keyInput;
    private final int queryInput;

    /** Two linear layers the owning block registers as children under {@code name}. */
    public Attention(BlockRegistry owner, String name, int size, int keyInput, int queryInput) {
        this.keys = owner.add(name + "_e", Linear.builder().setUnits(size).build());
        this.query = owner.add(name + "_d", Linear.builder().setUnits(size).build());
        this.keyInput = keyInput;
        this.queryInput = queryInput;
    }

    /** Registers child blocks of the network that owns an attention. */
    public interface BlockRegistry {
        <B extends ai.djl.nn.Block> B add(String name, B block);
    }

    public void initialize(ai.djl.ndarray.NDManager manager) {
        keys.initialize(manager, DataType.FLOAT32, new Shape(1, keyInput));
        query.initialize(manager, DataType.FLOAT32, new Shape(1, queryInput));
    }

    /** The projected encoder, to reuse over many queries. */
    public NDArray project(ParameterStore store, NDArray encoder, boolean training) {
        return keys.forward(store, new NDList(encoder), training).singletonOrThrow();
    }

    /** Attends over an encoder already projected by {@link #project}; {@code mask} (broadcast to the scores) may be null. */
    public NDArray attend(ParameterStore store, NDArray projected, NDArray q, NDArray mask, boolean training) {
        NDArray d = query.forward(store, new NDList(q), training).singletonOrThrow();
        NDArray scores = d.batchMatMul(projected.transpose(0, 2, 1));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray context = scores.softmax(-1).batchMatMul(projected);
        return context.add(d).tanh();
    }

    public NDArray apply(ParameterStore store, NDArray encoder, NDArray q, boolean training) {
        return attend(store, project(store, encoder, training), q, null, training);
    }
}
