package lasso.model.lasynth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CStatementEnds;
import lasso.domain.c.CSyntaxMask;
import lasso.model.synthesis.Attention;
import lasso.model.synthesis.BiLstm;
import lasso.model.synthesis.DecodingState;
import lasso.model.synthesis.Lstm;
import lasso.model.synthesis.StepwiseDecoding;
import lasso.model.synthesis.SynthesisNetwork;
import lasso.model.synthesis.SynthesizerConfig;

import java.util.ArrayList;
import java.util.List;

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
 *   <li>The decoder (B.4): an LSTM of size 2H fed the previous token, one copy per example, started
 *       from the sum of the two encoders' final states (or, with {@code input-start}, the input
 *       encoder's alone); at each step attention over the input encoding, the output encoding and the
 *       operation encoding, max-pooled over the examples, then attention over the embeddings of the
 *       tokens fed so far, and an MLP to the vocabulary. Every LSTM has {@code layers} layers.</li>
 *   <li>The latent executor (B.5): the examples' inputs as a soft value list Î, updated by a
 *       bidirectional LSTM over Î started from the decoder's state, a projection and a softmax over
 *       the 9 value embeddings; the input encoding, the cross attention and the operation predictor's
 *       row attention are then recomputed from Î. When it runs is {@link ExecutionSchedule}'s: every
 *       {@code execPeriod} tokens, at each statement end with {@code statement-execution}, and at each
 *       program's own end (per sequence, not when any sequence of the batch ends, unlike the released
 *       code), where L_exec asks that Î equal the output.</li>
 * </ul>
 *
 * <p>Teacher-forced training: the decoder's LSTM reads only tokens, so it runs over the whole program
 * at once (unrolled into matrix products when the executor needs every step's state); the executor
 * then runs its updates in order, each row from its own step's state; every version of Î is encoded in
 * one batch, and each position attends over the version it reads (the others masked). Loss: L_prog
 * (token cross-entropy under the grammar mask) + L_exec + L_op, and L_state, the executor's
 * cross-entropy against the list after the statements completed so far (issue 14's intermediate-state
 * loss, a departure from the paper, which the trainer weighs during a warm-up).
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
    private final int layers;
    private final Parameter valueTable;
    private final Parameter tokenTable;
    private final Parameter operationTable;
    private final BiLstm inputEncoder;
    private final BiLstm outputEncoder;
    private final Lstm decoder;
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
        this.layers = config.layers();
        valueTable = addParameter(table("values", VALUES));
        tokenTable = addParameter(table("tokens", VOCABULARY + 1));
        inputEncoder = new BiLstm(this, "input_encoder", h, e, layers);
        outputEncoder = new BiLstm(this, "output_encoder", h, e, layers);
        cross1 = new Attention(this, "cross1", 2 * h, 2 * h, 2 * h);
        cross2 = new Attention(this, "cross2", 2 * h, 2 * h, 2 * h);
        decoder = add("decoder", new Lstm(2 * h, e, layers, false));
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
            executor = new BiLstm(this, "executor", h, e, layers);
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

    /**
     * The examples, the targets and, with the executor, its schedule: per task and update the position
     * whose state it starts from {@code (B, U)}, whether the update exists {@code (B, U)}, per position
     * the version of Î it reads {@code (B, T)}, the index of L_exec's update {@code (B)}, and the list
     * after the statements completed at each update, as candidate indices with a weight of 1 where
     * it is in −4..4 {@code (B, U, K, 5)} (L_state and the probe).
     */
    @Override
    public NDList trainingInputs(NDManager manager, List<List<Example<CArray, CArray>>> tasks, int[][] targets) {
        NDList arrays = exampleArrays(manager, tasks);
        arrays.addAll(targetArrays(manager, targets));
        if (config.latentExecutor()) {
            arrays.addAll(scheduleArrays(manager, tasks, targets));
        }
        return arrays;
    }

    private NDList scheduleArrays(NDManager manager, List<List<Example<CArray, CArray>>> tasks, int[][] targets) {
        int batch = targets.length;
        int steps = 0;
        List<List<ExecutionSchedule.Update>> schedules = new ArrayList<>(batch);
        int updates = 0;
        for (int[] target : targets) {
            steps = Math.max(steps, target.length);
            List<ExecutionSchedule.Update> schedule = ExecutionSchedule.of(config, target);
            schedules.add(schedule);
            updates = Math.max(updates, schedule.size());
        }
        int examples = tasks.get(0).size();
        long[] positions = new long[batch * updates];
        float[] valid = new float[batch * updates];
        long[] versions = new long[batch * steps];
        long[] last = new long[batch];
        long[] states = new long[batch * updates * examples * LENGTH];
        float[] stateWeights = new float[states.length];
        for (int b = 0; b < batch; b++) {
            List<ExecutionSchedule.Update> schedule = schedules.get(b);
            List<String> program = ExecutionSchedule.tokens(targets[b]);
            for (int u = 0; u < schedule.size(); u++) {
                ExecutionSchedule.Update update = schedule.get(u);
                positions[b * updates + u] = update.position();
                valid[b * updates + u] = 1;
                for (int t = update.first(); t < steps; t++) {
                    versions[b * steps + t]++;
                }
                var completed = CStatementEnds.completed(program, update.position());
                for (int k = 0; k < examples; k++) {
                    var outcome = new CDomain().run(completed, tasks.get(b).get(k).input());
                    int at = ((b * updates + u) * examples + k) * LENGTH;
                    if (outcome instanceof lasso.domain.Outcome.Ok<CArray> ok) {
                        for (int i = 0; i < LENGTH; i++) {
                            int value = ok.output().get(i);
                            boolean inRange = Math.abs(value) <= RANGE;
                            states[at + i] = inRange ? value + RANGE : 0;
                            stateWeights[at + i] = inRange ? 1 : 0;
                        }
                    }
                }
            }
            last[b] = schedule.size() - 1;
        }
        return new NDList(manager.create(positions, new Shape(batch, updates)),
                manager.create(valid, new Shape(batch, updates)),
                manager.create(versions, new Shape(batch, steps)),
                manager.create(last, new Shape(batch)),
                manager.create(states, new Shape(batch, updates, examples, LENGTH)),
                manager.create(stateWeights, new Shape(batch, updates, examples, LENGTH)));
    }

    // ---------------------------------------------------------------- encoding

    /** What the decoder attends over for some rows of Î: the projected encodings and the row attention's logits. */
    private record Projections(NDArray input, NDArray output, NDArray operations, NDArray rowLogits) {

        Projections select(NDArray index) {
            return new Projections(input.get(index), output.get(index), operations == null ? null : operations.get(index),
                    null);
        }

        /** These rows, with {@code replaced}'s rows at the places {@code order} gives (see {@link #merge}). */
        Projections merge(Projections replaced, NDArray order) {
            return new Projections(LaSynthNetwork.merge(input, replaced.input, order),
                    LaSynthNetwork.merge(output, replaced.output, order),
                    operations == null ? null : LaSynthNetwork.merge(operations, replaced.operations, order), null);
        }

        List<NDArray> arrays() {
            List<NDArray> arrays = new ArrayList<>(List.of(input, output));
            if (operations != null) {
                arrays.add(operations);
            }
            return arrays;
        }
    }

    /** Rows {@code order} of {@code old} followed by {@code replaced}: old rows keep their index, replaced ones come after. */
    private static NDArray merge(NDArray old, NDArray replaced, NDArray order) {
        return old.concat(replaced, 0).get(order);
    }

    /** The examples' encodings that do not depend on Î, and the decoder's start state. */
    private final class Encoding {
        final ParameterStore store;
        final boolean training;
        final NDArray candidates;       // (9, E): the embeddings of −4..4
        final NDArray keyVectors;       // (9, E): the operation predictor's keys
        final NDArray outputEncoded;    // (N, 5, 2H): the output encoder, before cross attention
        final NDArray outputScores;     // (N·5, 18, 9): output side of the operation scores
        final NDArray input;            // Î_0 (N, 5, E)
        final NDArray inputEncoded;     // (N, 5, 2H) of Î_0
        final NDArray startH;           // decoder state (layers, N, 2H)
        final NDArray startC;

        Encoding(ParameterStore store, NDArray inputIds, NDArray outputIds, boolean training) {
            this.store = store;
            this.training = training;
            Shape shape = inputIds.getShape();
            long rows = shape.get(0) * shape.get(1);
            NDArray values = store.getValue(valueTable, inputIds.getDevice(), training);
            candidates = values.get(new NDIndex((OFFSET - RANGE) + ":" + (OFFSET + RANGE + 1)));
            input = values.get(inputIds.reshape(rows * LENGTH)).reshape(rows, LENGTH, e);
            NDArray outputEmbedded = values.get(outputIds.reshape(rows * LENGTH)).reshape(rows, LENGTH, e);
            NDList in = inputEncoder.apply(store, input, training);
            NDList out = outputEncoder.apply(store, outputEmbedded, in.get(1), in.get(2), training);
            inputEncoded = in.get(0);
            outputEncoded = out.get(0);
            // the decoder (LSTMs of 2H) starts from the encoder states, the two directions side by side
            startH = joinDirections(config.inputStart() ? in.get(1) : in.get(1).add(out.get(1)));
            startC = joinDirections(config.inputStart() ? in.get(2) : in.get(2).add(out.get(2)));
            if (config.operationPredictor()) {
                keyVectors = keys.forward(store, new NDList(candidates), training).singletonOrThrow();
                NDArray table = keys.forward(store, new NDList(values.get(operationIndices(inputIds.getManager())
                        .reshape(OPERATIONS * CANDIDATES))), training).singletonOrThrow(); // (162, E)
                outputScores = outputEmbedded.reshape(rows * LENGTH, e).matMul(table.transpose())
                        .reshape(rows * LENGTH, OPERATIONS, CANDIDATES);
            } else {
                keyVectors = null;
                outputScores = null;
            }
        }

        /**
         * The projections of latent lists {@code latent (M, 5, E)}, whose examples are rows {@code rows}
         * of this encoding (null: the first M in order); {@code encoded} is the input encoding of
         * {@code latent} when known.
         */
        Projections project(NDArray latent, NDArray rows, NDArray encoded) {
            if (encoded == null) {
                encoded = inputEncoder.apply(store, latent, training).get(0);
            }
            NDArray output = cross1.apply(store, encoded, rows == null ? outputEncoded : outputEncoded.get(rows),
                    training);
            output = cross2.apply(store, encoded, output, training);
            NDArray operations = null;
            NDArray rowLogits = null;
            if (config.operationPredictor()) {
                long count = latent.getShape().get(0);
                rowLogits = latent.matMul(keyVectors.transpose()); // (M, 5, 9)
                NDArray r = rowLogits.softmax(-1).reshape(count * LENGTH, CANDIDATES, 1);
                NDArray outputSide = rows == null ? outputScores : outputScores
                        .reshape(-1, LENGTH, OPERATIONS, CANDIDATES).get(rows)
                        .reshape(count * LENGTH, OPERATIONS, CANDIDATES);
                NDArray scores = outputSide.batchMatMul(r).reshape(count, LENGTH, OPERATIONS);
                NDArray mixed = scores.softmax(-1).matMul(store.getValue(operationTable, latent.getDevice(), training));
                NDArray operationsEncoded = inputEncoder.apply(store, mixed, training).get(0);
                operations = attendOperations.project(store, operationsEncoded, training);
            }
            return new Projections(attendInput.project(store, encoded, training),
                    attendOutput.project(store, output, training), operations, rowLogits);
        }

        /**
         * The executor over Î from the decoder's state {@code (layers, M, 2H)}: its h, and its cell state
         * with {@code executor-cell} (else the executor's cell state starts at zero; {@code stateC} may then
         * be null). Logits over −4..4 per position, (M, 5, 9).
         */
        NDArray execute(NDArray latent, NDArray stateH, NDArray stateC) {
            NDArray cell = config.executorCell() ? splitDirections(stateC) : null;
            NDArray out = executor.apply(store, latent, splitDirections(stateH), cell, training).get(0);
            NDArray projected = executorOut.forward(store, new NDList(out), training).singletonOrThrow();
            return projected.matMul(candidates.transpose());
        }

        /** Î of the executor's logits: the soft value list. */
        NDArray latent(NDArray executorLogits) {
            return executorLogits.softmax(-1).matMul(candidates);
        }

        /**
         * Pooled attention {@code (tasks, T, pooled)} of decoder outputs {@code hidden (N, T, 2H)} over
         * projections {@code (N, P, 2H)}; {@code mask (N, T, P)} (may be null) picks each position's version.
         */
        NDArray attend(Projections p, NDArray hidden, NDArray mask, long tasks, long examples) {
            NDArray sIn = attendInput.attend(store, p.input(), hidden, mask, training);
            NDArray sOut = attendOutput.attend(store, p.output(), hidden.concat(sIn, -1), mask, training);
            NDArray pooled = config.operationPredictor()
                    ? sIn.concat(sOut, -1).concat(attendOperations.attend(store, p.operations(),
                    sIn.concat(sOut, -1), mask, training), -1)
                    : sIn.concat(sOut, -1);
            long steps = hidden.getShape().get(1);
            return maxOverExamples(pooled.reshape(tasks, examples, steps, pooledSize()));
        }
    }

    /** Encoder states (2 · layers, N, H) → decoder states (layers, N, 2H): per layer the two directions side by side. */
    private NDArray joinDirections(NDArray state) {
        long rows = state.getShape().get(1);
        return state.reshape(layers, 2, rows, h).transpose(0, 2, 1, 3).reshape(layers, rows, 2L * h);
    }

    /** Rows {@code index} of decoder states (layers, N, 2H). */
    private static NDArray exampleRows(NDArray state, NDArray index) {
        return state.transpose(1, 0, 2).get(index).transpose(1, 0, 2);
    }

    /** Decoder states (layers, N, 2H) → (2 · layers, N, H). */
    private NDArray splitDirections(NDArray state) {
        long rows = state.getShape().get(1);
        return state.reshape(layers, rows, 2, h).transpose(0, 2, 1, 3).reshape(2L * layers, rows, h);
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

    /** A teacher-forced pass: the logits {@code (B, T, V)}, and per update the executor's logits {@code (U, N, 5, 9)}. */
    private record Forced(NDArray logits, NDArray executions, Encoding encoding) {
    }

    private Forced teacherForced(ParameterStore store, NDList inputs, boolean training) {
        NDArray inputIds = inputs.get(0);
        NDArray outputIds = inputs.get(1);
        NDArray fed = inputs.get(2);
        NDManager manager = fed.getManager();
        long tasks = inputIds.getShape().get(0);
        long examples = inputIds.getShape().get(1);
        long rows = tasks * examples;
        int steps = (int) fed.getShape().get(1);

        Encoding encoding = new Encoding(store, inputIds, outputIds, training);
        NDArray tokens = store.getValue(tokenTable, fed.getDevice(), training);
        NDArray fedEmbedded = tokens.get(fed.reshape(tasks * steps)).reshape(tasks, steps, e);
        NDArray fedPerExample = fedEmbedded.expandDims(1).repeat(1, examples).reshape(rows, steps, e);
        NDArray hidden;
        NDArray executions = null;
        NDArray mask = null;
        Projections projections;
        if (!config.latentExecutor()) {
            hidden = decoder.fused(store, fedPerExample, encoding.startH, encoding.startC, training).get(0);
            projections = encoding.project(encoding.input, null, encoding.inputEncoded);
        } else {
            NDList decoded;
            NDList cells = null;
            if (config.executorCell()) {
                // every step's cell state too: the recurrence unrolled (slower, for the models shipped before issue 14)
                Lstm.Steps unrolled = decoder.unrolled(store, fedPerExample, encoding.startH, encoding.startC, training);
                decoded = new NDList(unrolled.h());
                cells = new NDList(unrolled.c());
            } else {
                decoded = decoder.layerOutputs(store, fedPerExample, encoding.startH, encoding.startC, training);
            }
            hidden = decoded.get(layers - 1);
            List<NDArray> latents = new ArrayList<>(List.of(encoding.input));
            executions = executeUpdates(encoding, decoded, cells, inputs, latents, examples, steps);
            long[] versions = inputs.get(9).toLongArray();
            int read = lastVersions(versions, inputs.get(6).toIntArray(), steps);
            projections = versionProjections(encoding, latents, versions, tasks, examples, steps, read);
            mask = read == 1 ? null : versionMask(manager, versions, tasks, examples, steps, read);
        }
        NDArray pooled = encoding.attend(projections, hidden, mask, tasks, examples);
        NDArray history = null;
        NDArray historyMask = null;
        if (config.decoderAttention() && steps > 1) {
            history = attendHistory.project(store, fedEmbedded, training);
            historyMask = causalMask(manager, steps);
        }
        NDArray logits = output(store, pooled, history, historyMask, true, training);
        return new Forced(logits, executions, encoding);
    }

    /**
     * The executor's updates in order, each row from its own position's state ({@link #trainingInputs}'
     * schedule), from the decoder's outputs {@code decoded} and, with {@code executor-cell}, its cell
     * states {@code cells} (per layer, as {@code decoded}); a row without an update keeps its Î. Adds every
     * version of Î to {@code latents} (which holds Î_0) and returns each update's logits {@code (U, N, 5, 9)}.
     */
    private NDArray executeUpdates(Encoding encoding, NDList decoded, NDList cells, NDList inputs,
                                   List<NDArray> latents, long examples, int steps) {
        NDManager manager = inputs.get(0).getManager();
        long[] positions = inputs.get(7).toLongArray();
        float[] valid = inputs.get(8).toFloatArray();
        int updates = (int) inputs.get(7).getShape().get(1);
        long rows = encoding.input.getShape().get(0);
        NDList logits = new NDList();
        NDArray latent = latents.get(0);
        for (int u = 0; u < updates; u++) {
            long[] at = new long[(int) rows];
            float[] keep = new float[(int) rows];
            for (int n = 0; n < rows; n++) {
                int b = (int) (n / examples);
                at[n] = n * (long) steps + positions[b * updates + u];
                keep[n] = valid[b * updates + u];
            }
            NDArray index = manager.create(at);
            NDArray executed = encoding.execute(latent, stepStates(decoded, index),
                    cells == null ? null : stepStates(cells, index));
            NDArray kept = manager.create(keep, new Shape(rows, 1, 1));
            latent = encoding.latent(executed).mul(kept).add(latent.mul(kept.neg().add(1)));
            latents.add(latent);
            logits.add(executed);
        }
        return NDArrays.stack(logits, 0);
    }

    /**
     * Per task, the last version of Î its positions read; padding positions read it too (changed in
     * {@code versions}). Returns the most versions a task reads.
     */
    private static int lastVersions(long[] versions, int[] lengths, int steps) {
        int read = 1;
        for (int b = 0; b < lengths.length; b++) {
            long last = versions[b * steps + lengths[b] - 1];
            read = (int) Math.max(read, last + 1);
            for (int t = lengths[b]; t < steps; t++) {
                versions[b * steps + t] = last;
            }
        }
        return read;
    }

    /**
     * The projections of every version of Î a task reads, encoded in one batch, laid out per example row
     * as {@code (N, read · 5, 2H)}: version v's positions at v · 5 (a task reading fewer repeats its last).
     */
    private Projections versionProjections(Encoding encoding, List<NDArray> latents, long[] versions, long tasks,
                                           long examples, int steps, int read) {
        NDManager manager = encoding.input.getManager();
        long rows = tasks * examples;
        List<Long> latentRows = new ArrayList<>();
        long[] gather = new long[(int) rows * read];
        for (int n = 0; n < rows; n++) {
            int b = (int) (n / examples);
            int count = (int) versions[b * steps + steps - 1] + 1;
            int first = latentRows.size();
            for (int v = 0; v < count; v++) {
                latentRows.add(v * rows + n);
            }
            for (int v = 0; v < read; v++) {
                gather[n * read + v] = first + Math.min(v, count - 1);
            }
        }
        long[] selected = latentRows.stream().mapToLong(Long::longValue).toArray();
        long[] exampleRows = latentRows.stream().mapToLong(i -> i % rows).toArray();
        NDArray all = NDArrays.stack(new NDList(latents.subList(0, read)), 0).reshape(read * rows, LENGTH, e);
        Projections compact = encoding.project(all.get(manager.create(selected)), manager.create(exampleRows), null);
        NDArray index = manager.create(gather);
        Shape laidOut = new Shape(rows, (long) read * LENGTH, 2L * h);
        return new Projections(compact.input().get(index).reshape(laidOut),
                compact.output().get(index).reshape(laidOut),
                compact.operations() == null ? null : compact.operations().get(index).reshape(laidOut), null);
    }

    /** The decoder's outputs (or cell states) of every layer at one position per row: (layers, N, 2H). */
    private NDArray stepStates(List<NDArray> perLayer, NDArray index) {
        NDList states = new NDList();
        for (NDArray layer : perLayer) {
            states.add(layer.reshape(-1, 2L * h).get(index));
        }
        return NDArrays.stack(states, 0);
    }

    /** Additive mask (N, T, versions · 5): position t of a row reads the positions of its version only. */
    private static NDArray versionMask(NDManager manager, long[] versions, long tasks, long examples, int steps,
                                       int read) {
        float[] mask = new float[(int) (tasks * steps * read)];
        java.util.Arrays.fill(mask, FORBIDDEN);
        for (int b = 0; b < tasks; b++) {
            for (int t = 0; t < steps; t++) {
                mask[(b * steps + t) * read + (int) versions[b * steps + t]] = 0;
            }
        }
        return manager.create(mask, new Shape(tasks, 1, steps, read, 1))
                .repeat(1, examples).repeat(4, LENGTH).reshape(tasks * examples, steps, (long) read * LENGTH);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray inputIds = inputs.get(0);
        NDArray outputIds = inputs.get(1);
        NDArray targets = inputs.get(3);
        NDArray weights = inputs.get(4);
        NDArray mask = inputs.get(5);
        NDManager manager = targets.getManager();
        long rows = inputIds.getShape().get(0) * inputIds.getShape().get(1);
        Forced forced = teacherForced(store, inputs, training);
        NDArray programLoss = crossEntropy(forced.logits(), targets, weights, mask);
        NDArray operationLoss = manager.zeros(new Shape());
        if (config.operationPredictor()) {
            NDArray rowLogits = forced.encoding().input.matMul(forced.encoding().keyVectors.transpose());
            operationLoss = crossEntropy(rowLogits, inputIds.reshape(rows, LENGTH)
                    .sub(OFFSET - RANGE).clip(0, CANDIDATES - 1));
        }
        NDArray executionLoss = manager.zeros(new Shape());
        NDArray stateLoss = manager.zeros(new Shape());
        if (config.latentExecutor()) {
            NDArray executions = forced.executions(); // (U, N, 5, 9)
            long updates = executions.getShape().get(0);
            long examples = inputIds.getShape().get(1);
            long[] last = inputs.get(10).toLongArray();
            long[] finals = new long[(int) rows];
            for (int n = 0; n < rows; n++) {
                finals[n] = last[(int) (n / examples)] * rows + n;
            }
            NDArray finalExecution = executions.reshape(updates * rows, LENGTH, CANDIDATES).get(manager.create(finals));
            executionLoss = crossEntropy(finalExecution, outputIds.reshape(rows, LENGTH).sub(OFFSET - RANGE)
                    .clip(0, CANDIDATES - 1));
            NDArray states = inputs.get(11).transpose(1, 0, 2, 3).reshape(updates, rows, LENGTH);
            NDArray stateWeights = inputs.get(12).transpose(1, 0, 2, 3).reshape(updates, rows, LENGTH);
            NDArray picked = executions.logSoftmax(-1).gather(states.expandDims(-1), -1).squeeze(-1);
            stateLoss = picked.mul(stateWeights).sum().neg().div(stateWeights.sum().maximum(1));
        }
        NDArray total = programLoss.add(executionLoss).add(operationLoss);
        return new NDList(total, programLoss, executionLoss, operationLoss, stateLoss);
    }

    @Override
    public ai.djl.ndarray.types.Shape[] getOutputShapes(ai.djl.ndarray.types.Shape[] inputShapes) {
        return new Shape[] {new Shape(), new Shape(), new Shape(), new Shape(), new Shape()};
    }

    /** Additive mask over history positions 0..T-1 for steps 0..T-1: position j < t only (t = 0 sees 0, replaced later). */
    private static NDArray causalMask(NDManager manager, int steps) {
        float[] mask = new float[steps * steps];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < steps; j++) {
                if (!(j < t || (t == 0 && j == 0))) {
                    mask[t * steps + j] = FORBIDDEN;
                }
            }
        }
        return manager.create(mask, new Shape(1, steps, steps));
    }

    /**
     * One run of the executor while a program is read by teacher forcing.
     *
     * @param position the program tokens read when it ran
     * @param values   per example and list position, the argmax of its Î (−4..4)
     */
    public record Execution(int position, int[][] values) {
    }

    /**
     * The executor's runs over each task's program read by teacher forcing, in order; the last is
     * L_exec's, at the program's end.
     *
     * @throws IllegalStateException without a latent executor
     */
    public List<List<Execution>> executions(ParameterStore store, NDManager manager,
                                            List<List<Example<CArray, CArray>>> tasks, int[][] programs) {
        if (!config.latentExecutor()) {
            throw new IllegalStateException(config.name() + " has no latent executor to probe");
        }
        NDList inputs = trainingInputs(manager, tasks, programs);
        NDArray executions = teacherForced(store, inputs, false).executions(); // (U, N, 5, 9)
        long updates = executions.getShape().get(0);
        long rows = executions.getShape().get(1);
        int examples = tasks.get(0).size();
        long[] argmax = executions.argMax(-1).toLongArray();
        long[] positions = inputs.get(7).toLongArray();
        float[] valid = inputs.get(8).toFloatArray();
        List<List<Execution>> result = new ArrayList<>();
        for (int b = 0; b < tasks.size(); b++) {
            List<Execution> runs = new ArrayList<>();
            for (int u = 0; u < updates; u++) {
                if (valid[(int) (b * updates + u)] == 0) {
                    continue;
                }
                int[][] values = new int[examples][LENGTH];
                for (int k = 0; k < examples; k++) {
                    for (int i = 0; i < LENGTH; i++) {
                        values[k][i] = (int) argmax[(int) ((u * rows + (long) b * examples + k) * LENGTH + i)] - RANGE;
                    }
                }
                runs.add(new Execution((int) positions[(int) (b * updates + u)], values));
            }
            result.add(runs);
        }
        return result;
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
        private NDArray latent;          // Î (N, 5, E) per example row
        private Projections projections; // per example row
        private NDArray outputRows;      // each example row's row of the encoding (null: the same)
        private NDArray stateH;          // (layers, N, 2H)
        private NDArray stateC;
        private NDArray history;         // (R, t, 2H): projected embeddings of the tokens fed so far
        private CStatementEnds.Reader[] readers;
        private int step;

        Decoding(ParameterStore store, NDManager parent, List<List<Example<CArray, CArray>>> tasks) {
            super(parent, tasks.size(), tasks.get(0).size());
            this.store = store;
            readers = new CStatementEnds.Reader[tasks.size()];
            for (int r = 0; r < readers.length; r++) {
                readers[r] = new CStatementEnds.Reader();
            }
            try (NDScope scope = new NDScope()) {
                NDList ids = exampleArrays(parent, tasks);
                encoding = new Encoding(store, ids.get(0), ids.get(1), false);
                latent = encoding.input;
                projections = encoding.project(latent, null, encoding.inputEncoded);
                stateH = encoding.startH;
                stateC = encoding.startC;
                keep();
            }
        }

        @Override
        protected float[] advance(int[] tokens) {
            NDArray table = store.getValue(tokenTable, manager.getDevice(), false);
            NDArray fed = table.get(indices(manager, tokens)).reshape(rows, 1, e);
            NDList out = decoder.fused(store, fed.expandDims(1).repeat(1, examples).reshape(rows * examples, 1, e),
                    stateH, stateC, false);
            stateH = out.get(1);
            stateC = out.get(2);
            if (config.statementExecution()) {
                List<Integer> ending = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    if (ExecutionSchedule.read(readers[r], tokens[r])) {
                        ending.add(r);
                    }
                }
                if (!ending.isEmpty()) {
                    execute(ending);
                }
            }
            NDArray pooled = encoding.attend(projections, out.get(0), null, rows, examples);
            NDArray logits = output(store, pooled, step == 0 ? null : history, null, false, false);
            float[] result = logits.toFloatArray();
            if (config.decoderAttention()) {
                NDArray projected = attendHistory.project(store, fed, false);
                history = history == null ? projected : history.concat(projected, 1);
            }
            step++;
            if (config.latentExecutor() && config.partialExecutor() && step % config.execPeriod() == 0) {
                List<Integer> all = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    all.add(r);
                }
                execute(all);
            }
            return result;
        }

        /** Runs the executor in the example rows of these rows from the current state; their Î and projections move on. */
        private void execute(List<Integer> which) {
            long count = which.size() * examples;
            long[] selected = new long[(int) count];
            long[] order = new long[(int) (rows * examples)];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = 0; i < which.size(); i++) {
                for (int k = 0; k < examples; k++) {
                    int row = (int) (which.get(i) * examples + k);
                    selected[(int) (i * examples + k)] = row;
                    order[row] = rows * examples + i * examples + k;
                }
            }
            boolean all = count == rows * examples;
            NDArray index = manager.create(selected);
            NDArray subset = all ? latent : latent.get(index);
            NDArray executed = encoding.execute(subset, all ? stateH : exampleRows(stateH, index),
                    !config.executorCell() ? null : all ? stateC : exampleRows(stateC, index));
            NDArray updated = encoding.latent(executed);
            NDArray encodingRows = outputRows == null ? index : outputRows.get(index);
            Projections fresh = encoding.project(updated, encodingRows, null);
            if (all) {
                latent = updated;
                projections = fresh;
            } else {
                NDArray merged = manager.create(order);
                latent = merge(latent, updated, merged);
                projections = projections.merge(fresh, merged);
            }
        }

        @Override
        protected void reorder(NDArray perExample, int[] parents) {
            latent = latent.get(perExample);
            projections = projections.select(perExample);
            outputRows = outputRows == null ? perExample : outputRows.get(perExample);
            stateH = exampleRows(stateH, perExample);
            stateC = exampleRows(stateC, perExample);
            if (history != null) {
                history = history.get(indices(manager, parents));
            }
            CStatementEnds.Reader[] next = new CStatementEnds.Reader[parents.length];
            for (int i = 0; i < parents.length; i++) {
                next[i] = readers[parents[i]].copy();
            }
            readers = next;
        }

        @Override
        protected List<NDArray> carried() {
            List<NDArray> arrays = new ArrayList<>(List.of(encoding.candidates, encoding.outputEncoded, latent,
                    stateH, stateC));
            arrays.addAll(projections.arrays());
            for (NDArray array : new NDArray[] {encoding.keyVectors, encoding.outputScores, outputRows, history}) {
                if (array != null) {
                    arrays.add(array);
                }
            }
            return arrays;
        }
    }
}
