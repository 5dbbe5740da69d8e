package lasso.model.sed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import lasso.domain.TokenSpan;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;
import lasso.model.synthesis.Attention;
import lasso.model.synthesis.BiLstm;
import lasso.model.synthesis.DecodingState;
import lasso.model.synthesis.StepwiseDecoding;
import lasso.model.synthesis.SynthesisNetwork;
import lasso.search.edit.EditCursor;
import lasso.search.edit.EditMask;
import lasso.search.edit.EditOps;
import lasso.search.edit.EditScript;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * SED's debugger network (Gupta et al. 2020; models.md C.3), the parts every domain shares.
 *
 * <ul>
 *   <li><b>IOEmbed</b> (the domain's): one vector of size D per given example.</li>
 *   <li><b>TraceEmbed</b> (a switch): each trace event's state before it, with its example's input and
 *       output, is embedded (the domain's encoder, size T); every program token gets the sum of the
 *       embeddings of the events whose span covers it, each divided by its span's length, averaged over
 *       the examples (a token never executed gets zeros). At most {@code traceEvents} events are read per
 *       example, evenly spaced, the last (where a failing run stopped) included.</li>
 *   <li><b>Program encoder</b>: the failing program's tokens and {@code </S>}, embedded (size E) and
 *       concatenated with their trace embedding, through a bidirectional LSTM (H per direction) into a
 *       memory M of 2H per position.</li>
 *   <li><b>Edit decoder</b>: an LSTM (H) run once per example, fed at each step the previous op's
 *       embedding, M at the pointer, the last written token's embedding and the example's IO vector;
 *       the copies' outputs are max-pooled and a linear layer scores the 4 + 2V ops of C.4. With
 *       {@code exampleCopies} off, the IO vectors are max-pooled first and one LSTM runs per task: the
 *       cheaper variant of models.md E.2, about K times less decoder work. The pointer
 *       and last token follow {@link EditCursor}; C.4's masks (and the grammar's, see {@link EditMask})
 *       apply in training as in decoding.</li>
 * </ul>
 *
 * <p>Token ids: the domain's V tokens, then {@code <S>} (V), {@code <UNK>} (V + 1) and {@code </S>} (V + 2).
 * As a DJL block, {@code forward(store, trainingInputs(…), training)} returns the teacher-forced loss;
 * {@link #startDecoding} decodes ops one step at a time for the synthesizers' beam search.
 */
public abstract class DebuggerNetwork<I, O> extends AbstractBlock implements Attention.BlockRegistry {

    private static final byte VERSION = 1;

    protected final DebuggerConfig config;
    private final int vocabulary;
    private final int ops;
    private final Parameter tokenTable;
    private final Parameter opTable;
    private final BiLstm encoder;
    private final LSTM decoder;
    private final Linear out;

    protected DebuggerNetwork(DebuggerConfig config, int vocabulary) {
        super(VERSION);
        this.config = config;
        this.vocabulary = vocabulary;
        this.ops = EditOps.count(vocabulary);
        tokenTable = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).optShape(new Shape(vocabulary + 3, config.embedding()))
                .build());
        opTable = addParameter(Parameter.builder().setName("ops").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).optShape(new Shape(ops, config.embedding())).build());
        encoder = new BiLstm(this, "program", config.hidden(),
                config.embedding() + (config.traceEmbed() ? config.traceSize() : 0));
        decoder = add("decoder", LSTM.builder().setStateSize(config.hidden()).setNumLayers(1).optBatchFirst(true)
                .optReturnState(true).build());
        out = add("out", Linear.builder().setUnits(ops).build());
    }

    public final DebuggerConfig config() {
        return config;
    }

    /** V: the domain's tokens. */
    public final int vocabularySize() {
        return vocabulary;
    }

    /** 4 + 2V. */
    public final int opCount() {
        return ops;
    }

    private int endToken() {
        return vocabulary + 2;
    }

    /** The grammar of the written program, in its initial state. */
    public abstract SyntaxMask newGrammar();

    /** C.4's masks over a program's ops, with the grammar when the configuration asks for it. */
    public final EditMask newMask(int[] program) {
        return new EditMask(program, vocabulary, config.grammar() ? newGrammar() : null);
    }

    // ---------------------------------------------------------------- the domain's parts

    /** How many arrays {@link #exampleArrays} makes. */
    protected abstract int exampleArrayCount();

    /** The tasks' examples (each task equally many) as arrays for {@link #encodeExamples}. */
    protected abstract NDList exampleArrays(NDManager manager, List<List<Example<I, O>>> tasks);

    /** IOEmbed: (tasks · examples, D). */
    protected abstract NDArray encodeExamples(ParameterStore store, NDList arrays, boolean training);

    /** The states TraceEmbed reads: one row per state, with its example's input and output. */
    protected abstract NDArray stateArray(NDManager manager, List<StateUse<I, O>> states);

    /** TraceEmbed's state encoder: (states, T). */
    protected abstract NDArray encodeStates(ParameterStore store, NDArray states, boolean training);

    protected abstract void initializeDomainBlocks(NDManager manager);

    /** A state of a trace as TraceEmbed reads it: the state before an event, and the example it ran on. */
    public record StateUse<I, O>(Object state, Example<I, O> example) {
    }

    /**
     * Checks that the network can read an input (the domain's limits, e.g. Karel's world size).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public void check(EditInput<I, O> input) {
        for (int token : input.program()) {
            if (token < 0 || token >= vocabulary) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of " + vocabulary);
            }
        }
    }

    /** DJL names a block's inputs only when it initialises it: a network read from a file is named here, so it saves again. */
    @Override
    protected void readInputShapes(DataInputStream is) throws IOException {
        super.readInputShapes(is);
        if (inputShapes != null && inputNames.size() != inputShapes.length) {
            inputNames = IntStream.range(0, inputShapes.length).mapToObj(i -> "data" + i).toList();
        }
    }

    @Override
    public <B extends Block> B add(String name, B block) {
        return addChildBlock(name, block);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }

    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initializeDomainBlocks(manager);
        encoder.initialize(manager);
        long input = 2L * config.embedding() + 2L * config.hidden() + config.ioEmbedding();
        decoder.initialize(manager, dataType, new Shape(1, 1, input));
        out.initialize(manager, dataType, new Shape(1, config.hidden()));
    }

    // ---------------------------------------------------------------- TraceEmbed's layout

    /**
     * Which states TraceEmbed encodes for a batch and how they sum onto the tokens: state rows, and per
     * task a (positions × states) weight matrix over its own states (padded to the batch's most).
     */
    record TraceLayout<I, O>(List<StateUse<I, O>> states, int[] stateIndex, float[] weights, int perTask) {
    }

    /** The events of a trace that TraceEmbed reads: all, or {@code max} evenly spaced ones, the last included. */
    static List<TraceEvent> readEvents(Trace<?> trace, int max) {
        List<TraceEvent> events = trace.events();
        if (events.size() <= max) {
            return events;
        }
        List<TraceEvent> picked = new ArrayList<>(max);
        for (int j = 0; j < max; j++) {
            picked.add(events.get((int) Math.round((double) j * (events.size() - 1) / (max - 1))));
        }
        return picked;
    }

    TraceLayout<I, O> traceLayout(List<EditInput<I, O>> tasks, int positions) {
        List<StateUse<I, O>> states = new ArrayList<>();
        List<List<Integer>> taskStates = new ArrayList<>();
        List<Map<Integer, float[]>> taskWeights = new ArrayList<>(); // local state -> weight per position
        int most = 1;
        for (EditInput<I, O> task : tasks) {
            List<Integer> rows = new ArrayList<>();
            Map<Integer, float[]> weights = new HashMap<>();
            int examples = task.given().size();
            int length = task.program().length;
            for (int k = 0; k < examples; k++) {
                Trace<?> trace = task.traces().get(k);
                Map<Integer, Integer> local = new HashMap<>(); // timestep -> local state
                for (TraceEvent event : readEvents(trace, config.traceEvents())) {
                    TokenSpan span = event.span();
                    if (span == null || trace.states().isEmpty()) {
                        continue;
                    }
                    int timestep = Math.min(Math.max(event.timestep(), 1), trace.states().size());
                    Integer state = local.get(timestep);
                    if (state == null) {
                        state = rows.size();
                        local.put(timestep, state);
                        rows.add(states.size());
                        states.add(new StateUse<>(trace.states().get(timestep - 1), task.given().get(k)));
                    }
                    float[] row = weights.computeIfAbsent(state, s -> new float[positions]);
                    float weight = 1f / (span.length() * examples);
                    for (int i = span.first(); i <= Math.min(span.last(), length - 1); i++) {
                        row[i] += weight;
                    }
                }
            }
            most = Math.max(most, rows.size());
            taskStates.add(rows);
            taskWeights.add(weights);
        }
        int[] stateIndex = new int[tasks.size() * most];
        float[] weights = new float[tasks.size() * positions * most];
        for (int b = 0; b < tasks.size(); b++) {
            List<Integer> rows = taskStates.get(b);
            for (int s = 0; s < most; s++) {
                stateIndex[b * most + s] = s < rows.size() ? rows.get(s) : states.size(); // the zero row
            }
            for (Map.Entry<Integer, float[]> entry : taskWeights.get(b).entrySet()) {
                float[] row = entry.getValue();
                for (int i = 0; i < positions; i++) {
                    weights[(b * positions + i) * most + entry.getKey()] = row[i];
                }
            }
        }
        return new TraceLayout<>(states, stateIndex, weights, most);
    }

    // ---------------------------------------------------------------- encoding

    /** The arrays of a batch's encoder side: examples, traces (if on), tokens, lengths. */
    private NDList encoderArrays(NDManager manager, List<EditInput<I, O>> tasks) {
        int examples = tasks.get(0).given().size();
        List<List<Example<I, O>>> given = new ArrayList<>(tasks.size());
        int positions = 0;
        for (EditInput<I, O> task : tasks) {
            if (task.given().size() != examples) {
                throw new IllegalArgumentException("every task of a batch needs " + examples + " examples, not "
                        + task.given().size());
            }
            given.add(task.given());
            positions = Math.max(positions, task.program().length + 1);
        }
        NDList arrays = exampleArrays(manager, given);
        if (config.traceEmbed()) {
            TraceLayout<I, O> layout = traceLayout(tasks, positions);
            arrays.add(layout.states().isEmpty() ? manager.zeros(new Shape(0)) : stateArray(manager, layout.states()));
            arrays.add(manager.create(layout.stateIndex(), new Shape(tasks.size(), layout.perTask())).toType(DataType.INT64, false));
            arrays.add(manager.create(layout.weights(), new Shape(tasks.size(), positions, layout.perTask())));
        }
        long[] tokens = new long[tasks.size() * positions];
        int[] lengths = new int[tasks.size()];
        for (int b = 0; b < tasks.size(); b++) {
            int[] program = tasks.get(b).program();
            lengths[b] = program.length + 1;
            for (int i = 0; i < positions; i++) {
                tokens[b * positions + i] = i < program.length ? program[i] : endToken();
            }
        }
        arrays.add(manager.create(tokens, new Shape(tasks.size(), positions)));
        arrays.add(manager.create(lengths));
        arrays.add(manager.create(new int[] {examples}));
        return arrays;
    }

    /**
     * What the decoder reads: the IO vectors of each task's decoder copies (one per example, or one
     * max-pooled over them), and the memory M of every task.
     */
    private record Encoded(NDArray io, NDArray memory, long copies, long positions) {
    }

    private Encoded encode(ParameterStore store, NDList arrays, boolean training) {
        int at = exampleArrayCount();
        NDArray io = encodeExamples(store, new NDList(arrays.subList(0, at)), training);
        NDArray states = null;
        NDArray stateIndex = null;
        NDArray stateWeights = null;
        if (config.traceEmbed()) {
            states = arrays.get(at++);
            stateIndex = arrays.get(at++);
            stateWeights = arrays.get(at++);
        }
        NDArray tokens = arrays.get(at++);
        int[] lengths = arrays.get(at++).toIntArray();
        long examples = arrays.get(at).toIntArray()[0];
        long tasks = tokens.getShape().get(0);
        long positions = tokens.getShape().get(1);
        NDArray table = store.getValue(tokenTable, tokens.getDevice(), training);
        NDArray embedded = table.get(tokens.reshape(tasks * positions)).reshape(tasks, positions, config.embedding());
        if (config.traceEmbed()) {
            long perTask = stateIndex.getShape().get(1);
            NDManager manager = tokens.getManager();
            NDArray encodedStates = states.getShape().get(0) == 0 ? manager.zeros(new Shape(1, config.traceSize()))
                    : encodeStates(store, states, training).concat(manager.zeros(new Shape(1, config.traceSize())), 0);
            NDArray perTaskStates = encodedStates.get(stateIndex.reshape(tasks * perTask))
                    .reshape(tasks, perTask, config.traceSize());
            embedded = embedded.concat(stateWeights.matMul(perTaskStates), -1);
        }
        NDArray memory = encoder.applyPadded(store, embedded, lengths, training);
        if (!config.exampleCopies()) {
            io = SynthesisNetwork.maxOverExamples(io.reshape(tasks, examples, config.ioEmbedding()));
        }
        return new Encoded(io, memory.reshape(tasks * positions, 2L * config.hidden()),
                config.exampleCopies() ? examples : 1, positions);
    }

    /** One decoder step's input per (row, example): [op; M at the pointer; last token; IO vector]. */
    private NDArray decoderInput(ParameterStore store, Encoded encoded, NDArray fed, NDArray memoryIndex,
                                 NDArray last, NDArray ioIndex, long rows, long steps, boolean training) {
        NDArray opEmbedding = store.getValue(opTable, fed.getDevice(), training).get(fed.reshape(rows * steps));
        NDArray tokenEmbedding = store.getValue(tokenTable, fed.getDevice(), training).get(last.reshape(rows * steps));
        NDArray memory = encoded.memory().get(memoryIndex.reshape(rows * steps));
        long width = 2L * config.embedding() + 2L * config.hidden();
        NDArray shared = opEmbedding.concat(memory, -1).concat(tokenEmbedding, -1).reshape(rows, 1, steps, width)
                .repeat(1, encoded.copies()).reshape(rows * encoded.copies(), steps, width);
        NDArray io = encoded.io().get(ioIndex).expandDims(1).repeat(1, steps);
        return shared.concat(io, -1);
    }

    // ---------------------------------------------------------------- training

    /**
     * The arrays of a teacher-forced batch: each repair's input and the op sequence (C.5) that turns
     * its program into its target.
     */
    public NDList trainingInputs(NDManager manager, List<RepairExample<I, O>> repairs) {
        List<EditInput<I, O>> inputs = repairs.stream().map(RepairExample::input).toList();
        inputs.forEach(this::check);
        NDList arrays = encoderArrays(manager, inputs);
        int positions = (int) arrays.get(arrays.size() - 3).getShape().get(1);
        int batch = repairs.size();
        List<EditCursor.Steps> all = new ArrayList<>(batch);
        int steps = 0;
        for (RepairExample<I, O> repair : repairs) {
            int[] program = repair.input().program();
            EditCursor.Steps s = EditCursor.teacherForcing(program, EditScript.supervision(program, repair.target()),
                    vocabulary);
            all.add(s);
            steps = Math.max(steps, s.length());
        }
        long[] fed = new long[batch * steps];
        long[] memoryIndex = new long[batch * steps];
        long[] last = new long[batch * steps];
        long[] targets = new long[batch * steps];
        float[] weights = new float[batch * steps];
        float[] mask = new float[batch * steps * ops];
        for (int b = 0; b < batch; b++) {
            EditCursor.Steps s = all.get(b);
            EditMask editMask = newMask(repairs.get(b).input().program());
            for (int j = 0; j < steps; j++) {
                int row = b * steps + j;
                if (j >= s.length()) {
                    memoryIndex[row] = (long) b * positions;
                    last[row] = vocabulary;
                    continue;
                }
                fed[row] = s.fed()[j];
                memoryIndex[row] = (long) b * positions + s.pointers()[j];
                last[row] = s.lastTokens()[j];
                targets[row] = s.targets()[j];
                weights[row] = 1;
                for (int op = 0; op < ops; op++) {
                    if (!editMask.allows(op)) {
                        mask[row * ops + op] = SynthesisNetwork.FORBIDDEN;
                    }
                }
                editMask.accept(s.targets()[j]); // throws if C.4 or the grammar forbids the supervision
            }
        }
        arrays.add(manager.create(fed, new Shape(batch, steps)));
        arrays.add(manager.create(memoryIndex, new Shape(batch, steps)));
        arrays.add(manager.create(last, new Shape(batch, steps)));
        arrays.add(manager.create(targets, new Shape(batch, steps)));
        arrays.add(manager.create(weights, new Shape(batch, steps)));
        arrays.add(manager.create(mask, new Shape(batch, steps, ops)));
        return arrays;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        int decoderArrays = 6;
        NDList encoderSide = new NDList(inputs.subList(0, inputs.size() - decoderArrays));
        Encoded encoded = encode(store, encoderSide, training);
        int at = inputs.size() - decoderArrays;
        NDArray fed = inputs.get(at);
        NDArray memoryIndex = inputs.get(at + 1);
        NDArray last = inputs.get(at + 2);
        NDArray targets = inputs.get(at + 3);
        NDArray weights = inputs.get(at + 4);
        NDArray mask = inputs.get(at + 5);
        long tasks = fed.getShape().get(0);
        long steps = fed.getShape().get(1);
        long copies = encoded.copies();
        int[] ioIndex = new int[(int) (tasks * copies)];
        for (int i = 0; i < ioIndex.length; i++) {
            ioIndex[i] = i;
        }
        NDArray input = decoderInput(store, encoded, fed, memoryIndex, last,
                SynthesisNetwork.indices(fed.getManager(), ioIndex), tasks, steps, training);
        NDArray hidden = decoder.forward(store, new NDList(input), training).get(0);
        NDArray pooled = copies == 1 ? hidden
                : SynthesisNetwork.maxOverExamples(hidden.reshape(tasks, copies, steps, config.hidden()));
        NDArray logits = out.forward(store, new NDList(pooled), training).singletonOrThrow();
        return new NDList(SynthesisNetwork.crossEntropy(logits, targets, weights, mask));
    }

    // ---------------------------------------------------------------- decoding

    /** Starts decoding one row per input; the caller closes the state. */
    public DecodingState startDecoding(ParameterStore store, NDManager manager, List<EditInput<I, O>> inputs) {
        return new Decoding(store, manager, inputs);
    }

    /** Rows are beams of tasks; each keeps its task, its cursor and its decoder state per example. */
    private final class Decoding extends StepwiseDecoding {

        private final ParameterStore store;
        private NDArray io;
        private NDArray memory;
        private NDArray stateH;
        private NDArray stateC;
        private final long positions;
        private int[] task;
        private EditCursor[] cursors;

        Decoding(ParameterStore store, NDManager parent, List<EditInput<I, O>> inputs) {
            super(parent, inputs.size(), config.exampleCopies() ? inputs.get(0).given().size() : 1);
            this.store = store;
            task = new int[inputs.size()];
            cursors = new EditCursor[inputs.size()];
            for (int b = 0; b < inputs.size(); b++) {
                task[b] = b;
                cursors[b] = new EditCursor(inputs.get(b).program(), vocabulary);
            }
            try (NDScope scope = new NDScope()) {
                Encoded encoded = encode(store, encoderArrays(parent, inputs), false);
                io = encoded.io();
                memory = encoded.memory();
                positions = encoded.positions();
                stateH = parent.zeros(new Shape(1, rows * examples, config.hidden()));
                stateC = parent.zeros(new Shape(1, rows * examples, config.hidden()));
                keep();
            }
        }

        @Override
        protected float[] advance(int[] fedOps) {
            int[] memoryIndex = new int[rows];
            int[] last = new int[rows];
            int[] ioIndex = new int[(int) (rows * examples)];
            for (int r = 0; r < rows; r++) {
                cursors[r].advance(fedOps[r]);
                memoryIndex[r] = (int) (task[r] * positions + cursors[r].pointer());
                last[r] = cursors[r].lastToken();
                for (int k = 0; k < examples; k++) {
                    ioIndex[(int) (r * examples + k)] = (int) (task[r] * examples + k);
                }
            }
            Encoded encoded = new Encoded(io, memory, examples, positions); // examples: the decoder copies per row
            NDArray input = decoderInput(store, encoded, SynthesisNetwork.indices(manager, fedOps),
                    SynthesisNetwork.indices(manager, memoryIndex), SynthesisNetwork.indices(manager, last),
                    SynthesisNetwork.indices(manager, ioIndex), rows, 1, false);
            NDList result = decoder.forward(store, new NDList(input, stateH, stateC), false);
            stateH = result.get(1);
            stateC = result.get(2);
            NDArray pooled = examples == 1 ? result.get(0).reshape(rows, config.hidden())
                    : SynthesisNetwork.maxOverExamples(result.get(0).reshape(rows, examples, config.hidden()));
            return out.forward(store, new NDList(pooled), false).singletonOrThrow().toFloatArray();
        }

        @Override
        protected void reorder(NDArray perExample, int[] parents) {
            stateH = stateH.squeeze(0).get(perExample).expandDims(0);
            stateC = stateC.squeeze(0).get(perExample).expandDims(0);
            int[] nextTask = new int[parents.length];
            EditCursor[] nextCursors = new EditCursor[parents.length];
            for (int i = 0; i < parents.length; i++) {
                nextTask[i] = task[parents[i]];
                nextCursors[i] = cursors[parents[i]].copy();
            }
            task = nextTask;
            cursors = nextCursors;
        }

        @Override
        protected List<NDArray> carried() {
            return List.of(io, memory, stateH, stateC);
        }
    }
}
