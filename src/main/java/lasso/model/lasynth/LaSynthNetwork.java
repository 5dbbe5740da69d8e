package lasso.model.lasynth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CSyntaxMask;
import lasso.model.synthesis.Attention;
import lasso.model.synthesis.BiLstm;
import lasso.model.synthesis.DecodingState;
import lasso.model.synthesis.StepwiseDecoding;
import lasso.model.synthesis.SynthesisNetwork;
import lasso.model.synthesis.SynthesizerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * LaSynth for restricted C (Chen, Song, Tian 2021; models.md B.1–B.6), with its ablations as
 * switches of the configuration.
 *
 * <ul>
 *   <li>Values −16..16 share one embedding table (33 × E). Per example, the input list goes through a
 *       bidirectional LSTM (the input encoder), the output list through another one started from the
 *       input encoder's final state, and two cross-attention layers let every output position attend
 *       over the input positions.</li>
 *   <li>The operation predictor (B.3): the 18 × 9 table of "add x" / "subtract x" applied to each
 *       candidate value; per list position a row attention over the 9 values recognises the input
 *       value (trained by L_op) and scores which operation maps it to the output value; the mixed
 *       operation embeddings are encoded by the input encoder (shared weights).</li>
 *   <li>The decoder (B.4): an LSTM of size 2H fed the previous token, started from the sum of the two
 *       encoders' final states, one copy per example; at each step attention over the input encoding,
 *       the output encoding and the operation encoding, max-pooled over the examples, then attention
 *       over the embeddings of the tokens fed so far, and an MLP to the vocabulary.</li>
 *   <li>The latent executor (B.5): the examples' inputs as a soft value list Î, updated after every
 *       {@code execPeriod} tokens by a bidirectional LSTM over Î started from the decoder's state,
 *       a projection and a softmax over the 9 value embeddings; the input encoding, the cross
 *       attention and the operation predictor's row attention are then recomputed from Î. It also runs
 *       at each program's own end (per sequence, not when any sequence of the batch ends, unlike the
 *       released code), where L_exec asks that Î equal the output.</li>
 * </ul>
 *
 * <p>Teacher-forced training runs the decoder LSTM in one fused call per segment, segments ending
 * at the executor's periods and at the programs' ends (models.md E.4); attention over decoded tokens
 * is causal-masked batched attention. Loss: L_prog (token cross-entropy under the grammar mask) +
 * L_exec + L_op.
 */
public final class LaSynthNetwork extends SynthesisNetwork<CArray, CArray> {

    static final int LENGTH = CArray.LENGTH;
    static final int OFFSET = 16;
    static final int VALUES = 2 * OFFSET + 1;
    /** Candidate values −4..4 of the executor and the operation predictor. */
    static final int RANGE = 4;
    static final int CANDIDATES = 2 * RANGE + 1;
    static final int OPERATIONS = 2 * CANDIDATES;
    private static final int VOCABULARY = new CDomain().vocabulary().size();

    private final int e;
    private final int h;
    private final Parameter valueTable;
    private final Parameter tokenTable;
    private final Parameter operationTable;
    private final BiLstm inputEncoder;
    private final BiLstm outputEncoder;
    private final LSTM decoder;
    private final BiLstm executor;
    private final Linear executorOut;
    private final Attention cross1;
    private final Attention cross2;
    private final Attention attendInput;
    private final Attention attendOutput;
    private final Attention attendOperations;
    private final Attention attendHistory;
    private final Linear historyStart;
    private final Linear keys;
    private final Linear mlp1;
    private final Linear mlp2;
    private final Linear mlpOut;

    public LaSynthNetwork(SynthesizerConfig config) {
        super(config);
        if (!SynthesizerConfig.LASYNTH.equals(config.architecture()) || !"c".equals(config.domain())) {
            throw new IllegalArgumentException("not a LaSynth configuration for C: " + config);
        }
        this.e = config.embedding();
        this.h = config.hidden();
        valueTable = addParameter(table("values", VALUES));
        tokenTable = addParameter(table("tokens", VOCABULARY + 1));
        inputEncoder = new BiLstm(this, "input_encoder", h, e);
        outputEncoder = new BiLstm(this, "output_encoder", h, e);
        cross1 = new Attention(this, "cross1", 2 * h, 2 * h, 2 * h);
        cross2 = new Attention(this, "cross2", 2 * h, 2 * h, 2 * h);
        decoder = add("decoder", LSTM.builder().setStateSize(2 * h).setNumLayers(1).optBatchFirst(true)
                .optReturnState(true).build());
        attendInput = new Attention(this, "attend_input", 2 * h, 2 * h, 2 * h);
        attendOutput = new Attention(this, "attend_output", 2 * h, 2 * h, 4 * h);
        if (config.operationPredictor()) {
            operationTable = addParameter(table("operations", OPERATIONS));
            keys = add("keys", Linear.builder().setUnits(e).build());
            attendOperations = new Attention(this, "attend_operations", 2 * h, 2 * h, 4 * h);
        } else {
            operationTable = null;
            keys = null;
            attendOperations = null;
        }
        int pooled = pooledSize();
        if (config.decoderAttention()) {
            historyStart = add("history_start", Linear.builder().setUnits(2 * h).build());
            attendHistory = new Attention(this, "attend_history", 2 * h, e, pooled);
        } else {
            historyStart = null;
            attendHistory = null;
        }
        if (config.latentExecutor()) {
            executor = new BiLstm(this, "executor", h, e);
            executorOut = add("executor_out", Linear.builder().setUnits(e).build());
        } else {
            executor = null;
            executorOut = null;
        }
        mlp1 = add("mlp1", Linear.builder().setUnits(config.mlpHidden()).build());
        mlp2 = add("mlp2", Linear.builder().setUnits(config.mlpHidden()).build());
        mlpOut = add("mlp_out", Linear.builder().setUnits(VOCABULARY).build());
    }

    private Parameter table(String name, int rows) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).optShape(new Shape(rows, e)).build();
    }

    /** Size of the max-pooled attention vector m_t: [s_I; s_O] and, with the operation predictor, s_op. */
    private int pooledSize() {
        return (config.operationPredictor() ? 6 : 4) * h;
    }

    @Override
    public int vocabularySize() {
        return VOCABULARY;
    }

    @Override
    public SyntaxMask newMask() {
        return new CSyntaxMask();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inputEncoder.initialize(manager);
        outputEncoder.initialize(manager);
        cross1.initialize(manager);
        cross2.initialize(manager);
        decoder.initialize(manager, dataType, new Shape(1, 1, e));
        attendInput.initialize(manager);
        attendOutput.initialize(manager);
        if (config.operationPredictor()) {
            keys.initialize(manager, dataType, new Shape(1, e));
            attendOperations.initialize(manager);
        }
        if (config.decoderAttention()) {
            historyStart.initialize(manager, dataType, new Shape(1, pooledSize()));
            attendHistory.initialize(manager);
        }
        if (config.latentExecutor()) {
            executor.initialize(manager);
            executorOut.initialize(manager, dataType, new Shape(1, 2 * h));
        }
        mlp1.initialize(manager, dataType, new Shape(1, config.decoderAttention() ? 2 * h : pooledSize()));
        mlp2.initialize(manager, dataType, new Shape(1, config.mlpHidden()));
        mlpOut.initialize(manager, dataType, new Shape(1, config.mlpHidden()));
    }

    // ---------------------------------------------------------------- inputs

    /** Value ids (value + 16, clamped to the table) of the tasks' inputs and outputs, shaped (tasks, examples, 5). */
    static NDList exampleArrays(NDManager manager, List<List<Example<CArray, CArray>>> tasks) {
        int examples = examplesPerTask(tasks);
        long[] inputs = new long[tasks.size() * examples * LENGTH];
        long[] outputs = new long[inputs.length];
        int n = 0;
        for (List<Example<CArray, CArray>> task : tasks) {
            for (Example<CArray, CArray> example : task) {
                for (int i = 0; i < LENGTH; i++) {
                    inputs[n] = valueId(example.input().get(i));
                    outputs[n] = valueId(example.output().get(i));
                    n++;
                }
            }
        }
        Shape shape = new Shape(tasks.size(), examples, LENGTH);
        return new NDList(manager.create(inputs, shape), manager.create(outputs, shape));
    }

    private static long valueId(int value) {
        return Math.max(-OFFSET, Math.min(OFFSET, value)) + OFFSET;
    }

    @Override
    public NDList trainingInputs(NDManager manager, List<List<Example<CArray, CArray>>> tasks, int[][] targets) {
        NDList arrays = exampleArrays(manager, tasks);
        arrays.addAll(targetArrays(manager, targets));
        return arrays;
    }

    // ---------------------------------------------------------------- encoding

    /** What the decoder reads about a batch's examples, for the current latent state. */
    private final class Encoding {
        final ParameterStore store;
        final boolean training;
        final NDArray values;           // (VALUES, E), the parameter itself
        NDArray candidates;             // (9, E): the embeddings of −4..4
        NDArray outputEncoded;          // (N, 5, 2H): the output encoder, before cross attention
        NDArray outputScores;           // (N·5, 18, 9): output side of the operation scores
        NDArray outputRows;             // after a beam search's reordering: each row's row of the two above
        NDArray latent;                 // Î (N, 5, E)
        NDArray inputProjected;         // the decoder's input attention keys
        NDArray outputProjected;
        NDArray operationsProjected;
        NDArray rowLogits;              // (N, 5, 9)
        NDArray stateH;                 // decoder state (1, N, 2H)
        NDArray stateC;

        Encoding(ParameterStore store, NDArray inputIds, NDArray outputIds, boolean training) {
            this.store = store;
            this.training = training;
            Shape shape = inputIds.getShape();
            long rows = shape.get(0) * shape.get(1);
            values = store.getValue(valueTable, inputIds.getDevice(), training);
            candidates = values.get(new NDIndex((OFFSET - RANGE) + ":" + (OFFSET + RANGE + 1)));
            latent = values.get(inputIds.reshape(rows * LENGTH)).reshape(rows, LENGTH, e);
            NDArray outputEmbedded = values.get(outputIds.reshape(rows * LENGTH)).reshape(rows, LENGTH, e);
            NDList in = inputEncoder.apply(store, latent, training);
            NDList out = outputEncoder.apply(store, outputEmbedded, in.get(1), in.get(2), training);
            outputEncoded = out.get(0);
            // the decoder (one LSTM of 2H) starts from the summed encoder states, the two directions side by side
            stateH = joinDirections(in.get(1).add(out.get(1)));
            stateC = joinDirections(in.get(2).add(out.get(2)));
            if (config.operationPredictor()) {
                NDArray table = keys.forward(store, new NDList(values.get(operationIndices(inputIds.getManager())
                        .reshape(OPERATIONS * CANDIDATES))), training).singletonOrThrow(); // (162, E)
                outputScores = outputEmbedded.reshape(rows * LENGTH, e).matMul(table.transpose())
                        .reshape(rows * LENGTH, OPERATIONS, CANDIDATES);
            }
            refresh(in.get(0));
        }

        /** Keeps the example rows {@code index} (a beam search's reordering). */
        void select(NDArray index) {
            latent = latent.get(index);
            inputProjected = inputProjected.get(index);
            outputProjected = outputProjected.get(index);
            stateH = stateH.squeeze(0).get(index).expandDims(0);
            stateC = stateC.squeeze(0).get(index).expandDims(0);
            if (config.operationPredictor()) {
                operationsProjected = operationsProjected.get(index);
            }
            if (config.latentExecutor()) {
                // the output side depends on the task only: gathered when the executor runs, not every step
                outputRows = outputRows == null ? index : outputRows.get(index);
            }
            rowLogits = null;
        }

        /** The arrays a decoding keeps between steps (never the parameter {@link #values}). */
        List<NDArray> state() {
            List<NDArray> arrays = new ArrayList<>();
            for (NDArray array : new NDArray[] {candidates, outputEncoded, outputScores, outputRows, latent,
                    inputProjected, outputProjected, operationsProjected, rowLogits, stateH, stateC}) {
                if (array != null) {
                    arrays.add(array);
                }
            }
            return arrays;
        }

        /** Recomputes what depends on Î: the input encoding (given, or from Î), cross attention, operations. */
        void refresh(NDArray inputEncoded) {
            if (inputEncoded == null) {
                inputEncoded = inputEncoder.apply(store, latent, training).get(0);
            }
            NDArray output = cross1.apply(store, inputEncoded,
                    outputRows == null ? outputEncoded : outputEncoded.get(outputRows), training);
            output = cross2.apply(store, inputEncoded, output, training);
            inputProjected = attendInput.project(store, inputEncoded, training);
            outputProjected = attendOutput.project(store, output, training);
            if (config.operationPredictor()) {
                NDArray keyVectors = keys.forward(store, new NDList(candidates), training).singletonOrThrow();
                rowLogits = latent.matMul(keyVectors.transpose()); // (N, 5, 9)
                long rows = latent.getShape().get(0);
                NDArray r = rowLogits.softmax(-1).reshape(rows * LENGTH, CANDIDATES, 1);
                NDArray outputSide = outputRows == null ? outputScores : outputScores
                        .reshape(-1, LENGTH, OPERATIONS, CANDIDATES).get(outputRows)
                        .reshape(rows * LENGTH, OPERATIONS, CANDIDATES);
                NDArray scores = outputSide.batchMatMul(r).reshape(rows, LENGTH, OPERATIONS);
                NDArray operations = scores.softmax(-1).matMul(store.getValue(operationTable,
                        latent.getDevice(), training));
                NDArray encoded = inputEncoder.apply(store, operations, training).get(0);
                operationsProjected = attendOperations.project(store, encoded, training);
            }
        }

        /** The executor from the decoder's current state: logits over −4..4 per position, (N, 5, 9). */
        NDArray execute() {
            NDArray[] state = {splitDirections(stateH), splitDirections(stateC)};
            NDArray out = executor.apply(store, latent, state[0], state[1], training).get(0);
            NDArray projected = executorOut.forward(store, new NDList(out), training).singletonOrThrow();
            return projected.matMul(candidates.transpose());
        }

        /** Î becomes the soft value list of the executor's logits. */
        void update(NDArray executorLogits) {
            latent = executorLogits.softmax(-1).matMul(candidates);
            refresh(null);
        }

        /**
         * Decoder steps over fed tokens {@code (N, T, E)} (examples already repeated): pooled attention
         * {@code (tasks, T, pooled)}; the decoder state moves on.
         */
        NDArray decode(NDArray fed, long tasks, long examples) {
            NDList out = decoder.forward(store, new NDList(fed, stateH, stateC), training);
            NDArray hidden = out.get(0);
            stateH = out.get(1);
            stateC = out.get(2);
            NDArray sIn = attendInput.attend(store, inputProjected, hidden, null, training);
            NDArray sOut = attendOutput.attend(store, outputProjected, hidden.concat(sIn, -1), null, training);
            NDArray pooled = config.operationPredictor()
                    ? sIn.concat(sOut, -1).concat(attendOperations.attend(store, operationsProjected,
                    sIn.concat(sOut, -1), null, training), -1)
                    : sIn.concat(sOut, -1);
            long steps = fed.getShape().get(1);
            return maxOverExamples(pooled.reshape(tasks, examples, steps, pooledSize()));
        }
    }

    /** (2, N, H) → (1, N, 2H). */
    private NDArray joinDirections(NDArray state) {
        long rows = state.getShape().get(1);
        return state.transpose(1, 0, 2).reshape(1, rows, 2L * h);
    }

    /** (1, N, 2H) → (2, N, H). */
    private NDArray splitDirections(NDArray state) {
        long rows = state.getShape().get(1);
        return state.reshape(rows, 2, h).transpose(1, 0, 2);
    }

    /** The op table's value ids: row o < 9 adds x = o − 4, row o ≥ 9 subtracts x = o − 13; column j is y = j − 4. */
    private static NDArray operationIndices(NDManager manager) {
        long[] ids = new long[OPERATIONS * CANDIDATES];
        for (int o = 0; o < OPERATIONS; o++) {
            int x = (o % CANDIDATES) - RANGE;
            for (int j = 0; j < CANDIDATES; j++) {
                int y = j - RANGE;
                ids[o * CANDIDATES + j] = (o < CANDIDATES ? y + x : y - x) + OFFSET;
            }
        }
        return manager.create(ids, new Shape(OPERATIONS, CANDIDATES));
    }

    /** Logits from the pooled attention {@code (tasks, T, pooled)} and, with decoder attention, the history. */
    private NDArray output(ParameterStore store, NDArray pooled, NDArray historyProjected, NDArray historyMask,
                           boolean first, boolean training) {
        NDArray features = pooled;
        if (config.decoderAttention()) {
            if (historyProjected == null) {
                features = historyStart.forward(store, new NDList(pooled), training).singletonOrThrow();
            } else {
                features = attendHistory.attend(store, historyProjected, pooled, historyMask, training);
                if (first) { // step 0 has no history: d_0 = Linear(m_0)
                    NDArray start = historyStart.forward(store, new NDList(pooled.get(":, 0:1, :")), training)
                            .singletonOrThrow();
                    features = start.concat(features.get(":, 1:, :"), 1);
                }
            }
        }
        NDArray x = Activation.relu(mlp1.forward(store, new NDList(features), training).singletonOrThrow());
        x = Activation.relu(mlp2.forward(store, new NDList(x), training).singletonOrThrow());
        return mlpOut.forward(store, new NDList(x), training).singletonOrThrow();
    }

    // ---------------------------------------------------------------- training

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray inputIds = inputs.get(0);
        NDArray outputIds = inputs.get(1);
        NDArray fed = inputs.get(2);
        NDArray targets = inputs.get(3);
        NDArray weights = inputs.get(4);
        NDArray mask = inputs.get(5);
        int[] lengths = inputs.get(6).toIntArray();
        NDManager manager = fed.getManager();
        long tasks = inputIds.getShape().get(0);
        long examples = inputIds.getShape().get(1);
        long rows = tasks * examples;
        int steps = (int) fed.getShape().get(1);

        Encoding encoding = new Encoding(store, inputIds, outputIds, training);
        NDArray operationLoss = manager.zeros(new Shape());
        if (config.operationPredictor()) {
            operationLoss = crossEntropy(encoding.rowLogits, inputIds.reshape(rows, LENGTH).sub(OFFSET - RANGE)
                    .clip(0, CANDIDATES - 1));
        }
        NDArray tokens = store.getValue(tokenTable, fed.getDevice(), training);
        NDArray fedEmbedded = tokens.get(fed.reshape(tasks * steps)).reshape(tasks, steps, e);
        NDArray fedPerExample = fedEmbedded.expandDims(1).repeat(1, examples).reshape(rows, steps, e);
        NDArray historyProjected = config.decoderAttention()
                ? attendHistory.project(store, fedEmbedded, training) : null;

        // segments end at the executor's periods and at every program's own end
        TreeSet<Integer> boundaries = new TreeSet<>();
        if (config.latentExecutor()) {
            for (int length : lengths) {
                boundaries.add(length);
            }
            if (config.partialExecutor()) {
                for (int t = config.execPeriod(); t < steps; t += config.execPeriod()) {
                    boundaries.add(t);
                }
            }
        }
        boundaries.add(steps);
        List<NDArray> logits = new ArrayList<>();
        NDArray finalExecution = null;
        int start = 0;
        for (int end : boundaries) {
            NDArray pooled = encoding.decode(fedPerExample.get(":, " + start + ":" + end + ", :"), tasks, examples);
            NDArray historyMask = null;
            NDArray history = null;
            if (config.decoderAttention() && end > 1) {
                history = historyProjected.get(":, 0:" + end + ", :");
                historyMask = causalMask(manager, start, end);
            }
            logits.add(output(store, pooled, history, historyMask, start == 0, training));
            if (config.latentExecutor()) {
                float[] ending = new float[(int) rows];
                boolean anyEnding = false;
                for (int b = 0; b < tasks; b++) {
                    if (lengths[b] == end) {
                        anyEnding = true;
                        for (int k = 0; k < examples; k++) {
                            ending[(int) (b * examples + k)] = 1;
                        }
                    }
                }
                boolean period = config.partialExecutor() && end % config.execPeriod() == 0 && end < steps;
                if (anyEnding || period) {
                    NDArray executed = encoding.execute();
                    if (anyEnding) {
                        NDArray part = executed.mul(manager.create(ending, new Shape(rows, 1, 1)));
                        finalExecution = finalExecution == null ? part : finalExecution.add(part);
                    }
                    if (period) {
                        encoding.update(executed);
                    }
                }
            }
            start = end;
        }
        NDArray programLoss = crossEntropy(concatenate(logits, 1), targets, weights, mask);
        NDArray executionLoss = manager.zeros(new Shape());
        if (config.latentExecutor()) {
            executionLoss = crossEntropy(finalExecution, outputIds.reshape(rows, LENGTH).sub(OFFSET - RANGE)
                    .clip(0, CANDIDATES - 1));
        }
        NDArray total = programLoss.add(executionLoss).add(operationLoss);
        return new NDList(total, programLoss, executionLoss, operationLoss);
    }

    /** Additive mask of steps {@code start..end-1} over history positions {@code 0..end-1}: position j < t only (t = 0 sees 0, replaced later). */
    private static NDArray causalMask(NDManager manager, int start, int end) {
        float[] mask = new float[(end - start) * end];
        for (int t = start; t < end; t++) {
            for (int j = 0; j < end; j++) {
                if (!(j < t || (t == 0 && j == 0))) {
                    mask[(t - start) * end + j] = FORBIDDEN;
                }
            }
        }
        return manager.create(mask, new Shape(1, end - start, end));
    }

    // ---------------------------------------------------------------- decoding

    @Override
    public DecodingState startDecoding(ParameterStore store, NDManager manager,
                                       List<List<Example<CArray, CArray>>> tasks) {
        return new Decoding(store, manager, tasks);
    }

    /** Step-by-step decoding of rows (beams); see {@link StepwiseDecoding}. */
    private final class Decoding extends StepwiseDecoding {

        private final ParameterStore store;
        private final Encoding encoding;
        private NDArray history;  // (R, t, 2H): projected embeddings of the tokens fed so far
        private int step;

        Decoding(ParameterStore store, NDManager parent, List<List<Example<CArray, CArray>>> tasks) {
            super(parent, tasks.size(), tasks.get(0).size());
            this.store = store;
            try (NDScope scope = new NDScope()) {
                NDList ids = exampleArrays(parent, tasks);
                encoding = new Encoding(store, ids.get(0), ids.get(1), false);
                keep();
            }
        }

        @Override
        protected float[] advance(int[] tokens) {
            NDArray table = store.getValue(tokenTable, manager.getDevice(), false);
            NDArray fed = table.get(indices(manager, tokens)).reshape(rows, 1, e);
            NDArray pooled = encoding.decode(fed.expandDims(1).repeat(1, examples).reshape(rows * examples, 1, e),
                    rows, examples);
            NDArray logits = output(store, pooled, step == 0 ? null : history, null, false, false);
            float[] result = logits.toFloatArray();
            if (config.decoderAttention()) {
                NDArray projected = attendHistory.project(store, fed, false);
                history = history == null ? projected : history.concat(projected, 1);
            }
            step++;
            if (config.latentExecutor() && config.partialExecutor() && step % config.execPeriod() == 0) {
                encoding.update(encoding.execute());
            }
            return result;
        }

        @Override
        protected void reorder(NDArray perExample, int[] parents) {
            encoding.select(perExample);
            if (history != null) {
                history = history.get(indices(manager, parents));
            }
        }

        @Override
        protected List<NDArray> carried() {
            List<NDArray> arrays = encoding.state();
            if (history != null) {
                arrays.add(history);
            }
            return arrays;
        }
    }
}
