package lasso.model.deepcoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import lasso.domain.list.Attribute;

/**
 * The DeepCoder attribute network (paper §4.3): integer embeddings of size E, every example's slots
 * concatenated with their type one-hots, H hidden layers of K sigmoid units, the arithmetic mean over
 * the examples, and a linear map to 34 attribute logits (a sigmoid each gives the probabilities).
 *
 * <p>Inputs: tokens (batch, examples, SLOTS, LENGTH) int64 and types (batch, examples, SLOTS, TYPES)
 * float32. Output: logits (batch, 34).
 */
public final class AttributeNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final NetworkShape shape;
    private final IdEmbedding embedding;
    private final Linear[] hidden;
    private final Linear decoder;

    /** E, K and H: embedding size, hidden units, hidden layers. */
    public record NetworkShape(int embedding, int units, int layers) {

        public static final NetworkShape PAPER = new NetworkShape(20, 256, 3);

        public NetworkShape {
            if (embedding < 1 || units < 1 || layers < 1) {
                throw new IllegalArgumentException("embedding, units and layers must be positive");
            }
        }
    }

    public AttributeNetwork(NetworkShape shape) {
        super(VERSION);
        this.shape = shape;
        this.embedding = addChildBlock("embedding", new IdEmbedding.Builder()
                .setDictionarySize(ExampleEncoding.VOCABULARY).setEmbeddingSize(shape.embedding()).build());
        this.hidden = new Linear[shape.layers()];
        for (int i = 0; i < shape.layers(); i++) {
            hidden[i] = addChildBlock("hidden" + i, Linear.builder().setUnits(shape.units()).build());
        }
        this.decoder = addChildBlock("decoder", Linear.builder().setUnits(Attribute.COUNT_ALL).build());
    }

    public NetworkShape shape() {
        return shape;
    }

    private int features() {
        return ExampleEncoding.SLOTS * (ExampleEncoding.LENGTH * shape.embedding() + ExampleEncoding.TYPES);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        NDArray types = inputs.get(1);
        long batch = tokens.getShape().get(0);
        long examples = tokens.getShape().get(1);
        NDArray embedded = embedding.forward(store, new NDList(tokens), training).singletonOrThrow()
                .reshape(batch, examples, ExampleEncoding.SLOTS, (long) ExampleEncoding.LENGTH * shape.embedding());
        NDArray x = embedded.concat(types, 3).reshape(batch, examples, features());
        for (Linear layer : hidden) {
            x = Activation.sigmoid(layer.forward(store, new NDList(x), training).singletonOrThrow());
        }
        NDArray pooled = x.mean(new int[] {1});
        return decoder.forward(store, new NDList(pooled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), Attribute.COUNT_ALL)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        embedding.initialize(manager, dataType, tokens);
        Shape rows = new Shape(tokens.get(0), tokens.get(1), features());
        for (Linear layer : hidden) {
            layer.initialize(manager, dataType, rows);
            rows = new Shape(tokens.get(0), tokens.get(1), shape.units());
        }
        decoder.initialize(manager, dataType, new Shape(tokens.get(0), shape.units()));
    }
}
