package lasso.model.sed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelSyntaxMask;
import lasso.domain.karel.KarelTensor;
import lasso.domain.karel.KarelVocabulary;
import lasso.model.karel.GridTower;

import java.util.List;

/**
 * SED's Karel debugger: IOEmbed is LGRL's grid CNN over each input/output pair ({@link GridTower},
 * registered as {@code io}, so it can start from a trained {@code karel-lgrl}'s {@code pair} tower);
 * TraceEmbed's state encoder reads the grid before an event stacked with the example's input and
 * output grids (48 channels) through one stride-2 3×3 convolution and a linear layer, a small version
 * of C.3's GridEncoder that affords the many events of a trace on a CPU.
 */
public final class KarelDebuggerNetwork extends DebuggerNetwork<KarelGrid, KarelGrid> {

    private static final int CHANNELS = KarelTensor.CHANNELS;

    private final int side;
    private final GridTower io;
    private final Conv2d traceConv;
    private final Linear traceFc;

    public KarelDebuggerNetwork(DebuggerConfig config) {
        super(config, KarelVocabulary.SIZE);
        if (!"karel".equals(config.domain())) {
            throw new IllegalArgumentException("not a Karel debugger configuration: " + config);
        }
        this.side = config.gridSide();
        io = new GridTower(this, "io", 2, config.channels(), config.ioEmbedding(), side);
        if (config.traceEmbed()) {
            traceConv = add("trace_conv", Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .optStride(new Shape(2, 2)).setFilters(config.traceChannels()).build());
            traceFc = add("trace_fc", Linear.builder().setUnits(config.traceSize()).build());
        } else {
            traceConv = null;
            traceFc = null;
        }
    }

    @Override
    public SyntaxMask newGrammar() {
        return new KarelSyntaxMask();
    }

    @Override
    public void check(EditInput<KarelGrid, KarelGrid> input) {
        super.check(input);
        for (Example<KarelGrid, KarelGrid> example : input.given()) {
            GridTower.fits(example.input(), side);
            GridTower.fits(example.output(), side);
        }
    }

    @Override
    protected void initializeDomainBlocks(NDManager manager) {
        io.initialize(manager);
        if (config.traceEmbed()) {
            traceConv.initialize(manager, DataType.FLOAT32, new Shape(1, 3L * CHANNELS, side, side));
            traceFc.initialize(manager, DataType.FLOAT32, new Shape(1, traceFeatures()));
        }
    }

    private long traceFeatures() {
        long half = (side + 1) / 2;
        return config.traceChannels() * half * half;
    }

    @Override
    protected int exampleArrayCount() {
        return 2;
    }

    @Override
    protected NDList exampleArrays(NDManager manager, List<List<Example<KarelGrid, KarelGrid>>> tasks) {
        return GridTower.arrays(manager, tasks, side);
    }

    @Override
    protected NDArray encodeExamples(ParameterStore store, NDList arrays, boolean training) {
        return io.encode(store, new NDArray[] {arrays.get(0), arrays.get(1)}, training);
    }

    @Override
    protected NDArray stateArray(NDManager manager, List<StateUse<KarelGrid, KarelGrid>> states) {
        int plane = side * side;
        float[] stacked = new float[states.size() * 3 * CHANNELS * plane];
        float[] full = new float[KarelTensor.LENGTH];
        for (int s = 0; s < states.size(); s++) {
            StateUse<KarelGrid, KarelGrid> use = states.get(s);
            GridTower.crop((KarelGrid) use.state(), side, full, stacked, 3 * s);
            GridTower.crop(use.example().input(), side, full, stacked, 3 * s + 1);
            GridTower.crop(use.example().output(), side, full, stacked, 3 * s + 2);
        }
        return manager.create(stacked, new Shape(states.size(), 3L * CHANNELS, side, side));
    }

    @Override
    protected NDArray encodeStates(ParameterStore store, NDArray states, boolean training) {
        NDArray x = Activation.relu(traceConv.forward(store, new NDList(states), training).singletonOrThrow());
        long rows = x.getShape().get(0);
        return Activation.relu(traceFc.forward(store, new NDList(x.reshape(rows, traceFeatures())), training)
                .singletonOrThrow());
    }

    /**
     * Copies a trained LGRL synthesizer's IO tower ({@code pair_*}) into IOEmbed ({@code io_*}), whose
     * shape must be the same (channels, io-embedding, grid-side).
     *
     * @return the number of parameter arrays copied
     * @throws IllegalArgumentException when a layer is missing or its shape differs
     */
    public int copyIoTower(Block lgrl) {
        int copied = 0;
        for (Pair<String, Block> child : getChildren()) {
            String name = child.getKey().replaceFirst("^\\d+", "");
            if (!name.startsWith("io_")) {
                continue;
            }
            String wanted = "pair_" + name.substring(3);
            Block source = lgrl.getChildren().stream().filter(c -> c.getKey().replaceFirst("^\\d+", "").equals(wanted))
                    .map(Pair::getValue).findFirst().orElseThrow(() ->
                            new IllegalArgumentException("the synthesizer has no layer " + wanted));
            List<Pair<String, Parameter>> from = source.getParameters().stream().toList();
            List<Pair<String, Parameter>> to = child.getValue().getParameters().stream().toList();
            for (int i = 0; i < to.size(); i++) {
                NDArray target = to.get(i).getValue().getArray();
                NDArray value = from.get(i).getValue().getArray();
                if (!target.getShape().equals(value.getShape())) {
                    throw new IllegalArgumentException(wanted + ": shape " + value.getShape() + " is not IOEmbed's "
                            + target.getShape() + " (use the synthesizer's channels, io-embedding and grid-side)");
                }
                target.set(value.toFloatArray());
                copied++;
            }
        }
        return copied;
    }
}
