package lasso.model.synthesis;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A stacked LSTM over {@code (N, T, in)}, batch first, one or both directions, whose weights are one
 * flat parameter in PyTorch's order (per layer, per direction: {@code w_ih (4H × in)},
 * {@code w_hh (4H × H)}, {@code b_ih}, {@code b_hh}; gates i, f, g, o). States are
 * {@code (layers · directions, N, H)}, as PyTorch lays them out.
 *
 * <p>Two ways to run it, the same function:
 * <ul>
 *   <li>{@link #fused}: PyTorch's LSTM in one call (oneDNN's RNN on a CPU, cuDNN's on a GPU). The
 *       weights it is handed are views of the one flat array and the states are made contiguous, so
 *       cuDNN neither refuses the states ("rnn: hx is not contiguous") nor copies the weights into
 *       one chunk at every call, as it did with DJL's {@code LSTM} blocks.</li>
 *   <li>{@link #unrolled} (one direction): the recurrence written as matrix products, one step at a
 *       time after one product for every step's input, which also gives every step's cell state. It
 *       computes the same function. {@code LstmBenchmark} (test sources) times it against the fused
 *       call; no clean figure is recorded yet (the machine was shared whenever it ran).</li>
 * </ul>
 * {@link #layerOutputs} runs the fused call layer by layer, for every layer's output at every step.
 */
public final class Lstm extends AbstractBlock {

    private static final byte VERSION = 1;
    /** DJL's {@code LSTM} block, in which the synthesizers shipped before issue 14 were saved. */
    private static final byte DJL_LSTM_VERSION = 2;
    private static final List<String> DJL_LSTM_PARAMETERS =
            List.of("l_0_i2h_WEIGHT", "l_0_h2h_WEIGHT", "l_0_i2h_BIAS", "l_0_h2h_BIAS");

    private final int hidden;
    private final int inputSize;
    private final int layers;
    private final int directions;
    private final Parameter weights;

    public Lstm(int hidden, int inputSize, int layers, boolean bidirectional) {
        super(VERSION);
        if (hidden < 1 || inputSize < 1 || layers < 1) {
            throw new IllegalArgumentException("an LSTM needs positive sizes: hidden " + hidden + ", input "
                    + inputSize + ", layers " + layers);
        }
        this.hidden = hidden;
        this.inputSize = inputSize;
        this.layers = layers;
        this.directions = bidirectional ? 2 : 1;
        long size = 0;
        for (int layer = 0; layer < layers; layer++) {
            size += (long) directions * block(layer);
        }
        // PyTorch's default: uniform in ±1/√H
        weights = addParameter(Parameter.builder().setName("weights").setType(Parameter.Type.WEIGHT)
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(hidden))))
                .optShape(new Shape(size)).build());
    }

    /** Input size of a layer: the input, or the previous layer's directions side by side. */
    private int layerInput(int layer) {
        return layer == 0 ? inputSize : directions * hidden;
    }

    /** Flat size of one layer's weights in one direction. */
    private long block(int layer) {
        return 4L * hidden * (layerInput(layer) + hidden + 2);
    }

    public int hidden() {
        return hidden;
    }

    public int layers() {
        return layers;
    }

    /** The four arrays of (layer, direction), views of the flat weights. */
    NDList parameters(NDArray flat, int layer, int direction) {
        long offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += directions * block(l);
        }
        offset += direction * block(layer);
        int in = layerInput(layer);
        long gates = 4L * hidden;
        NDArray wi = flat.get(offset + ":" + (offset + gates * in)).reshape(gates, in);
        offset += gates * in;
        NDArray wh = flat.get(offset + ":" + (offset + gates * hidden)).reshape(gates, hidden);
        offset += gates * hidden;
        NDArray bi = flat.get(offset + ":" + (offset + gates));
        NDArray bh = flat.get((offset + gates) + ":" + (offset + 2 * gates));
        return new NDList(wi, wh, bi, bh);
    }

    private NDArray flat(ParameterStore store, NDArray like, boolean training) {
        return store.getValue(weights, like.getDevice(), training);
    }

    /**
     * PyTorch's LSTM in one call from states {@code h0}, {@code c0} (zero states when null).
     *
     * @return the top layer's outputs {@code (N, T, directions · H)}, and the final states
     */
    public NDList fused(ParameterStore store, NDArray x, NDArray h0, NDArray c0, boolean training) {
        NDArray flat = flat(store, x, training);
        NDList parameters = new NDList();
        for (int layer = 0; layer < layers; layer++) {
            for (int direction = 0; direction < directions; direction++) {
                parameters.addAll(parameters(flat, layer, direction));
            }
        }
        Shape state = new Shape((long) layers * directions, x.getShape().get(0), hidden);
        NDArray h = h0 == null ? x.getManager().zeros(state, x.getDataType(), x.getDevice()) : contiguous(h0);
        NDArray c = c0 == null ? x.getManager().zeros(state, x.getDataType(), x.getDevice()) : contiguous(c0);
        return x.getNDArrayInternal().lstm(contiguous(x), new NDList(h, c), parameters, true, layers, 0, training,
                directions == 2, true);
    }

    /**
     * One direction of a one-layer LSTM alone (its forward pass over {@code x} as given, from zero
     * states), in one fused call: what a bidirectional caller runs when each direction must read its
     * own order of the steps.
     *
     * @return the outputs {@code (N, T, H)}
     */
    public NDArray direction(ParameterStore store, NDArray x, int direction, boolean training) {
        if (layers != 1 || direction < 0 || direction >= directions) {
            throw new IllegalArgumentException("direction " + direction + " of a " + layers + "-layer LSTM with "
                    + directions + " direction(s): one layer only");
        }
        Shape state = new Shape(1, x.getShape().get(0), hidden);
        NDArray h = x.getManager().zeros(state, x.getDataType(), x.getDevice());
        NDArray c = x.getManager().zeros(state, x.getDataType(), x.getDevice());
        return x.getNDArrayInternal().lstm(contiguous(x), new NDList(h, c),
                parameters(flat(store, x, training), 0, direction), true, 1, 0, training, false, true).get(0);
    }

    /**
     * PyTorch's LSTM one fused call per layer, for every layer's output at every step
     * {@code (N, T, directions · H)}, the last layer's last; what the stacked call computes.
     */
    public NDList layerOutputs(ParameterStore store, NDArray x, NDArray h0, NDArray c0, boolean training) {
        NDArray flat = flat(store, x, training);
        long rows = x.getShape().get(0);
        NDList outputs = new NDList();
        NDArray input = contiguous(x);
        for (int layer = 0; layer < layers; layer++) {
            NDList parameters = new NDList();
            for (int direction = 0; direction < directions; direction++) {
                parameters.addAll(parameters(flat, layer, direction));
            }
            String states = layer * directions + ":" + (layer + 1) * directions;
            Shape state = new Shape(directions, rows, hidden);
            NDArray h = h0 == null ? x.getManager().zeros(state, x.getDataType(), x.getDevice())
                    : contiguous(h0.get(states));
            NDArray c = c0 == null ? x.getManager().zeros(state, x.getDataType(), x.getDevice())
                    : contiguous(c0.get(states));
            input = input.getNDArrayInternal().lstm(input, new NDList(h, c), parameters, true, 1, 0, training,
                    directions == 2, true).get(0);
            outputs.add(input);
        }
        return outputs;
    }

    /** Every step's states of a unidirectional LSTM: {@code h[layer]} and {@code c[layer]}, each {@code (N, T, H)}. */
    public record Steps(NDArray output, List<NDArray> h, List<NDArray> c) {
    }

    /** The recurrence as matrix products, from states {@code (layers, N, H)} (zero states when null). */
    public Steps unrolled(ParameterStore store, NDArray x, NDArray h0, NDArray c0, boolean training) {
        if (directions != 1) {
            throw new IllegalStateException("unrolled runs one direction");
        }
        NDArray flat = flat(store, x, training);
        long rows = x.getShape().get(0);
        int steps = (int) x.getShape().get(1);
        List<NDArray> hs = new ArrayList<>();
        List<NDArray> cs = new ArrayList<>();
        NDArray input = x;
        for (int layer = 0; layer < layers; layer++) {
            NDList p = parameters(flat, layer, 0);
            NDArray projected = input.reshape(rows * steps, layerInput(layer)).matMul(p.get(0).transpose())
                    .add(p.get(2)).add(p.get(3)).reshape(rows, steps, 4L * hidden);
            NDList perStep = steps == 1 ? new NDList(projected) : projected.split(steps, 1);
            NDArray recurrent = p.get(1).transpose();
            NDArray h = h0 == null ? x.getManager().zeros(new Shape(rows, hidden), x.getDataType(), x.getDevice())
                    : h0.get(layer);
            NDArray c = c0 == null ? x.getManager().zeros(new Shape(rows, hidden), x.getDataType(), x.getDevice())
                    : c0.get(layer);
            NDList layerH = new NDList();
            NDList layerC = new NDList();
            for (int t = 0; t < steps; t++) {
                NDList gates = perStep.get(t).squeeze(1).add(h.matMul(recurrent)).split(4, 1);
                c = sigmoid(gates.get(1)).mul(c).add(sigmoid(gates.get(0)).mul(gates.get(2).tanh()));
                h = sigmoid(gates.get(3)).mul(c.tanh());
                layerH.add(h);
                layerC.add(c);
            }
            NDArray allH = steps == 1 ? layerH.get(0).expandDims(1) : NDArrays.stack(layerH, 1);
            hs.add(allH);
            cs.add(steps == 1 ? layerC.get(0).expandDims(1) : NDArrays.stack(layerC, 1));
            input = allH;
        }
        return new Steps(input, hs, cs);
    }

    private static NDArray sigmoid(NDArray x) {
        return x.getNDArrayInternal().sigmoid();
    }

    /**
     * The array with its elements in row-major order: a strided view (a transpose, a slice of one) is
     * copied by flattening it, a contiguous array comes back as a view of itself.
     */
    public static NDArray contiguous(NDArray x) {
        return x.reshape(-1).reshape(x.getShape());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return fused(store, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null,
                inputs.size() > 2 ? inputs.get(2) : null, training);
    }

    /**
     * Also reads the weights of one layer saved as DJL {@code LSTM} blocks, one a direction (the forward
     * one first), as the synthesizers shipped before issue 14 were: their four arrays are this block's
     * flat weights of that direction, in the same order.
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        byte version = is.readByte();
        if (version == VERSION) {
            readInputShapes(is);
            weights.load(manager, is);
            return;
        }
        if (version != DJL_LSTM_VERSION || layers != 1) {
            throw new MalformedModelException("Cannot load parameters for " + getClass().getCanonicalName()
                    + " of " + layers + " layer(s): expected version " + VERSION + ", or a one-layer DJL LSTM "
                    + "(version " + DJL_LSTM_VERSION + "), got " + version);
        }
        float[] values = new float[Math.toIntExact(weights.getShape().size())];
        int filled = 0;
        for (int direction = 0; direction < directions; direction++) {
            if (direction > 0 && is.readByte() != DJL_LSTM_VERSION) {
                throw new MalformedModelException("the reverse direction of " + getClass().getCanonicalName()
                        + " is not a DJL LSTM block");
            }
            readInputShapes(is);
            for (String name : DJL_LSTM_PARAMETERS) {
                Parameter part = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
                part.load(manager, is);
                // read onto the heap while the loaded array is open: its memory is the stream's buffer
                float[] array = part.getArray().toType(DataType.FLOAT32, false).toFloatArray();
                part.close();
                if (filled + array.length > values.length) {
                    throw new MalformedModelException("DJL LSTM weights of more than " + values.length
                            + " values for " + getClass().getCanonicalName());
                }
                System.arraycopy(array, 0, values, filled, array.length);
                filled += array.length;
            }
        }
        if (filled != values.length) {
            throw new MalformedModelException("DJL LSTM weights of " + filled + " values for "
                    + getClass().getCanonicalName() + " of " + values.length);
        }
        weights.initialize(manager, DataType.FLOAT32);
        weights.getArray().set(FloatBuffer.wrap(values)); // copied: see NeuralSynthesizer.convert
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape state = new Shape((long) layers * directions, x.get(0), hidden);
        return new Shape[] {new Shape(x.get(0), x.get(1), (long) directions * hidden), state, state};
    }
}
