package lasso.model.karel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import lasso.domain.Example;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelTensor;
import lasso.model.synthesis.Attention;

import java.util.List;

/**
 * LGRL's grid CNN, reduced for CPU (models.md D.1, E.2): each of {@code grids} stacked grids (the
 * 16-channel tensor cropped to {@code side}², a world of up to {@code side − 2} cells a side and its
 * border) gets a 3×3 convolution to C channels; the results are concatenated, halved by a stride-2
 * 3×3 convolution (what makes 18 × 18 grids affordable on a CPU), passed through a residual block of
 * three 3×3 convolutions and a fully connected layer to the embedding. The synthesizer's IO encoder
 * (two grids) and the debugger's (its IOEmbed) are this tower; the layers are registered on the owner
 * under {@code name}, in a fixed order, so saved parameters load back.
 */
public final class GridTower {

    static final int CHANNELS = KarelTensor.CHANNELS;

    private final int grids;
    private final int channels;
    private final int side;
    private final Conv2d[] first;
    private final Conv2d[] block = new Conv2d[3];
    private final Conv2d reduce;
    private final Linear fc;

    public GridTower(Attention.BlockRegistry owner, String name, int grids, int channels, int embedding, int side) {
        this.grids = grids;
        this.channels = channels;
        this.side = side;
        first = new Conv2d[grids];
        for (int g = 0; g < grids; g++) {
            first[g] = owner.add(name + "_conv" + g, conv(channels, 1));
        }
        for (int i = 0; i < 3; i++) {
            block[i] = owner.add(name + "_block" + i, conv(grids * channels, 1));
        }
        reduce = owner.add(name + "_reduce", conv(grids * channels, 2));
        fc = owner.add(name + "_fc", Linear.builder().setUnits(embedding).build());
    }

    private static Conv2d conv(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride)).setFilters(filters).build();
    }

    public void initialize(NDManager manager) {
        for (Conv2d conv : first) {
            conv.initialize(manager, DataType.FLOAT32, new Shape(1, CHANNELS, side, side));
        }
        reduce.initialize(manager, DataType.FLOAT32, new Shape(1, (long) grids * channels, side, side));
        long half = (side + 1) / 2;
        for (Conv2d conv : block) {
            conv.initialize(manager, DataType.FLOAT32, new Shape(1, (long) grids * channels, half, half));
        }
        fc.initialize(manager, DataType.FLOAT32, new Shape(1, reducedFeatures()));
    }

    private long reducedFeatures() {
        long half = (side + 1) / 2;
        return (long) grids * channels * half * half;
    }

    /** Grids (N, 16, S, S) each → (N, embedding). */
    public NDArray encode(ParameterStore store, NDArray[] in, boolean training) {
        NDArray x = null;
        for (int g = 0; g < grids; g++) {
            NDArray y = Activation.relu(first[g].forward(store, new NDList(in[g]), training).singletonOrThrow());
            x = x == null ? y : x.concat(y, 1);
        }
        x = Activation.relu(reduce.forward(store, new NDList(x), training).singletonOrThrow());
        NDArray y = x;
        for (int i = 0; i < 3; i++) {
            y = block[i].forward(store, new NDList(y), training).singletonOrThrow();
            if (i < 2) {
                y = Activation.relu(y);
            }
        }
        x = Activation.relu(x.add(y));
        long rows = x.getShape().get(0);
        return Activation.relu(fc.forward(store, new NDList(x.reshape(rows, reducedFeatures())), training)
                .singletonOrThrow());
    }

    /**
     * Checks that a grid fits a {@code side}² tensor.
     *
     * @throws IllegalArgumentException naming the sizes
     */
    public static void fits(KarelGrid grid, int side) {
        if (grid.rows() + 2 > side || grid.cols() + 2 > side) {
            throw new IllegalArgumentException("a " + grid.rows() + "x" + grid.cols() + " world is larger than this "
                    + "model reads (at most " + (side - 2) + "x" + (side - 2) + ")");
        }
    }

    /**
     * The tasks' input and output grids, cropped to {@code side}², as two (examples in all, 16, side,
     * side) arrays, task by task and example by example.
     */
    public static NDList arrays(NDManager manager, List<List<Example<KarelGrid, KarelGrid>>> tasks, int side) {
        int rows = tasks.stream().mapToInt(List::size).sum();
        float[] inputs = new float[rows * CHANNELS * side * side];
        float[] outputs = new float[inputs.length];
        float[] full = new float[KarelTensor.LENGTH];
        int n = 0;
        for (List<Example<KarelGrid, KarelGrid>> task : tasks) {
            for (Example<KarelGrid, KarelGrid> example : task) {
                crop(example.input(), side, full, inputs, n);
                crop(example.output(), side, full, outputs, n);
                n++;
            }
        }
        Shape shape = new Shape(rows, CHANNELS, side, side);
        return new NDList(manager.create(inputs, shape), manager.create(outputs, shape));
    }

    /**
     * Writes a grid's tensor cropped to {@code side}² as row {@code row} of {@code target} (rows of 16 ×
     * side² floats); {@code full} is scratch space of {@link KarelTensor#LENGTH}.
     */
    public static void crop(KarelGrid grid, int side, float[] full, float[] target, int row) {
        fits(grid, side);
        KarelTensor.encode(grid, full, 0);
        int plane = side * side;
        for (int channel = 0; channel < CHANNELS; channel++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(full, channel * KarelTensor.PLANE + y * KarelTensor.SIDE,
                        target, (row * CHANNELS + channel) * plane + y * side, side);
            }
        }
    }
}
