package lasso.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A neural synthesizer's network: it reads a task's examples and writes a program token by token.
 * As a DJL block, {@code forward(store, trainingInputs(…), training)} returns the losses of a
 * teacher-forced batch, {@code (total, L_prog, L_exec, L_op)} as scalars (zero where the network has no
 * such part); {@link #startDecoding} decodes with the same parameters, one token per step, for a beam
 * search.
 *
 * <p>The output vocabulary is the domain's tokens; {@link #startToken()} (one past them) is only ever
 * fed. A program ends where its grammar completes ({@link SyntaxMask#complete()}), so there is no
 * end token: training masks every logit the grammar forbids at that position, and decoding
 * renormalises over the allowed tokens, so both see the same distribution.
 */
public abstract class SynthesisNetwork<I, O> extends AbstractBlock implements Attention.BlockRegistry {

    private static final byte VERSION = 1;
    /** Added to forbidden logits: far below any real logit, yet finite (no NaN in softmax or its gradient). */
    public static final float FORBIDDEN = -1e9f;

    protected final SynthesizerConfig config;

    protected SynthesisNetwork(SynthesizerConfig config) {
        super(VERSION);
        this.config = config;
    }

    public final SynthesizerConfig config() {
        return config;
    }

    /** The domain's vocabulary size: the tokens a program is made of. */
    public abstract int vocabularySize();

    /** The grammar's mask before the first token. */
    public abstract SyntaxMask newMask();

    /** The id fed before the first token. */
    public final int startToken() {
        return vocabularySize();
    }

    /**
     * The arrays of a teacher-forced batch: the tasks' examples (each task equally many) and each
     * task's program as token ids.
     */
    public abstract NDList trainingInputs(NDManager manager, List<List<Example<I, O>>> tasks, int[][] targets);

    /**
     * Starts decoding one row per task; parameters are read through {@code store}. The caller closes
     * the state.
     */
    public abstract DecodingState startDecoding(ai.djl.training.ParameterStore store, NDManager manager,
                                                List<List<Example<I, O>>> tasks);

    /**
     * Checks that the network can read a task's examples (each has an output; Karel: the worlds fit).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public void check(List<Example<I, O>> given) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("a synthesizer needs at least one example");
        }
        given.forEach(SynthesisNetwork::requireOutput);
    }

    private static void requireOutput(Example<?, ?> example) {
        if (example.output() == null) {
            throw new IllegalArgumentException("an example without an output cannot guide a synthesizer");
        }
    }

    /**
     * The examples per task of a batch, after checking that every task has that many and that each
     * example has an output.
     *
     * @throws IllegalArgumentException naming the problem
     */
    protected static <I, O> int examplesPerTask(List<List<Example<I, O>>> tasks) {
        int examples = tasks.get(0).size();
        for (List<Example<I, O>> task : tasks) {
            if (task.size() != examples) {
                throw new IllegalArgumentException("every task of a batch needs " + examples + " examples, not " + task.size());
            }
            task.forEach(SynthesisNetwork::requireOutput);
        }
        return examples;
    }

    @Override
    public <B extends Block> B add(String name, B block) {
        return addChildBlock(name, block);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(), new Shape(), new Shape(), new Shape()};
    }

    /** DJL names a block's inputs only when it initialises it: a network read from a file is named here, so it saves again. */
    @Override
    protected void readInputShapes(DataInputStream is) throws IOException {
        super.readInputShapes(is);
        if (inputShapes != null && inputNames.size() != inputShapes.length) {
            inputNames = IntStream.range(0, inputShapes.length).mapToObj(i -> "data" + i).toList();
        }
    }

    /** Initialises every part; the shapes of the inputs do not matter (each part knows its own). */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1));
    }

    /**
     * The target-side arrays shared by every network: tokens fed (start, then the program but its last
     * token), targets, a weight of 1 where a target exists, the grammar's additive mask (0 allowed,
     * {@link #FORBIDDEN} not) per position, and the lengths. Targets are padded to the batch's longest.
     */
    protected NDList targetArrays(NDManager manager, int[][] targets) {
        int batch = targets.length;
        int steps = 0;
        for (int[] target : targets) {
            steps = Math.max(steps, target.length);
        }
        int vocabulary = vocabularySize();
        long[] fed = new long[batch * steps];
        long[] wanted = new long[batch * steps];
        float[] weights = new float[batch * steps];
        float[] mask = new float[batch * steps * vocabulary];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] target = targets[b];
            lengths[b] = target.length;
            SyntaxMask grammar = newMask();
            for (int t = 0; t < steps; t++) {
                int row = b * steps + t;
                fed[row] = t == 0 ? startToken() : t <= target.length ? target[t - 1] : 0;
                if (t < target.length) {
                    wanted[row] = target[t];
                    weights[row] = 1;
                    for (int v = 0; v < vocabulary; v++) {
                        if (!grammar.allows(v)) {
                            mask[row * vocabulary + v] = FORBIDDEN;
                        }
                    }
                    grammar.accept(target[t]);
                }
            }
            if (!grammar.complete()) {
                throw new IllegalArgumentException("training program " + b + " is not a whole program");
            }
        }
        return new NDList(
                manager.create(fed, new Shape(batch, steps)),
                manager.create(wanted, new Shape(batch, steps)),
                manager.create(weights, new Shape(batch, steps)),
                manager.create(mask, new Shape(batch, steps, vocabulary)),
                manager.create(lengths, new Shape(batch)));
    }

    /** Mean cross-entropy of masked logits over the positions of weight 1. */
    public static NDArray crossEntropy(NDArray logits, NDArray targets, NDArray weights, NDArray mask) {
        NDArray logProbabilities = logits.add(mask).logSoftmax(-1);
        NDArray picked = logProbabilities.gather(targets.expandDims(-1), -1).squeeze(-1);
        return picked.mul(weights).sum().neg().div(weights.sum());
    }

    /** Mean cross-entropy over every element: logits {@code (…, classes)}, integer targets {@code (…)}. */
    protected static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).mean().neg();
    }

    /**
     * Concatenates along {@code axis}. (DJL's {@code NDArrays.concat} of a single array returns a
     * duplicate, which leaves the autograd graph.)
     */
    public static NDArray concatenate(List<NDArray> arrays, int axis) {
        return arrays.size() == 1 ? arrays.get(0) : ai.djl.ndarray.NDArrays.concat(new NDList(arrays), axis);
    }

    /**
     * Max-pooling over the examples: {@code (tasks, examples, …)} to {@code (tasks, …)}. A chain of
     * element-wise maxima over the examples' slices, because PyTorch's reduction over a middle axis
     * was 7× slower on CPU at serving batch sizes (1.45 ms against 0.2 ms for 256 beams of 5 examples).
     */
    public static NDArray maxOverExamples(NDArray perExample) {
        long examples = perExample.getShape().get(1);
        NDArray pooled = perExample.get(new NDIndex(":, 0"));
        for (long k = 1; k < examples; k++) {
            pooled = pooled.maximum(perExample.get(new NDIndex(":, {}", k)));
        }
        return pooled;
    }

    /** Longs of a Java array as a 1-d index array. */
    public static NDArray indices(NDManager manager, int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return manager.create(longs, new Shape(values.length));
    }
}
