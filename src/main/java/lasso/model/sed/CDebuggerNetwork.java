package lasso.model.sed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CState;
import lasso.domain.c.CSyntaxMask;

import java.util.List;
import java.util.Map;

/**
 * SED's debugger for restricted C (the paper is Karel-only; this is the same edit decoder over C
 * tokens). Values −16..16 (clamped) share an embedding table. IOEmbed: an example's input and output
 * lists (10 values) embedded, concatenated and projected to D. TraceEmbed's state: the list after the
 * previous statement, the variables {@code l_0..l_3} and {@code p_0..p_3} (an "absent" embedding for a
 * name not in scope), and the example's input and output lists: 23 embedded values, projected to T.
 */
public final class CDebuggerNetwork extends DebuggerNetwork<CArray, CArray> {

    static final int OFFSET = 16;
    /** Values −16..16, then "absent". */
    static final int VALUES = 2 * OFFSET + 2;
    static final int ABSENT = VALUES - 1;
    static final List<String> VARIABLES = List.of("l_0", "l_1", "l_2", "l_3", "p_0", "p_1", "p_2", "p_3");
    private static final int LENGTH = CArray.LENGTH;
    private static final int STATE_VALUES = 3 * LENGTH + VARIABLES.size();

    private final Parameter valueTable;
    private final Linear ioFc;
    private final Linear traceFc;

    public CDebuggerNetwork(DebuggerConfig config) {
        super(config, new CDomain().vocabulary().size());
        if (!"c".equals(config.domain())) {
            throw new IllegalArgumentException("not a C debugger configuration: " + config);
        }
        valueTable = addParameter(Parameter.builder().setName("values").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).optShape(new Shape(VALUES, config.valueEmbedding()))
                .build());
        ioFc = add("io_fc", Linear.builder().setUnits(config.ioEmbedding()).build());
        traceFc = config.traceEmbed() ? add("trace_fc", Linear.builder().setUnits(config.traceSize()).build()) : null;
    }

    @Override
    public SyntaxMask newGrammar() {
        return new CSyntaxMask();
    }

    @Override
    protected void initializeDomainBlocks(NDManager manager) {
        ioFc.initialize(manager, DataType.FLOAT32, new Shape(1, 2L * LENGTH * config.valueEmbedding()));
        if (traceFc != null) {
            traceFc.initialize(manager, DataType.FLOAT32, new Shape(1, (long) STATE_VALUES * config.valueEmbedding()));
        }
    }

    static int valueId(int value) {
        return Math.max(-OFFSET, Math.min(OFFSET, value)) + OFFSET;
    }

    private static int put(CArray list, long[] ids, int at) {
        for (int i = 0; i < LENGTH; i++) {
            ids[at++] = valueId(list.get(i));
        }
        return at;
    }

    @Override
    protected int exampleArrayCount() {
        return 1;
    }

    @Override
    protected NDList exampleArrays(NDManager manager, List<List<Example<CArray, CArray>>> tasks) {
        int rows = tasks.size() * tasks.get(0).size();
        long[] ids = new long[rows * 2 * LENGTH];
        int at = 0;
        for (List<Example<CArray, CArray>> task : tasks) {
            for (Example<CArray, CArray> example : task) {
                at = put(example.input(), ids, at);
                at = put(example.output(), ids, at);
            }
        }
        return new NDList(manager.create(ids, new Shape(rows, 2L * LENGTH)));
    }

    private NDArray embedValues(ParameterStore store, NDArray ids, boolean training) {
        long rows = ids.getShape().get(0);
        long width = ids.getShape().get(1);
        NDArray table = store.getValue(valueTable, ids.getDevice(), training);
        return table.get(ids.reshape(rows * width)).reshape(rows, width * config.valueEmbedding());
    }

    @Override
    protected NDArray encodeExamples(ParameterStore store, NDList arrays, boolean training) {
        return Activation.relu(ioFc.forward(store, new NDList(embedValues(store, arrays.get(0), training)), training)
                .singletonOrThrow());
    }

    @Override
    protected NDArray stateArray(NDManager manager, List<StateUse<CArray, CArray>> states) {
        long[] ids = new long[states.size() * STATE_VALUES];
        int at = 0;
        for (StateUse<CArray, CArray> use : states) {
            CState state = (CState) use.state();
            at = put(state.list(), ids, at);
            Map<String, Integer> variables = state.variables();
            for (String name : VARIABLES) {
                Integer value = variables.get(name);
                ids[at++] = value == null ? ABSENT : valueId(value);
            }
            at = put(use.example().input(), ids, at);
            at = put(use.example().output(), ids, at);
        }
        return manager.create(ids, new Shape(states.size(), STATE_VALUES));
    }

    @Override
    protected NDArray encodeStates(ParameterStore store, NDArray states, boolean training) {
        return Activation.relu(traceFc.forward(store, new NDList(embedValues(store, states, training)), training)
                .singletonOrThrow());
    }
}
