package lasso.model.synthesis;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused (PyTorch) and unrolled (matrix products) LSTM are one function; both directions as PyTorch
 * orders them; DJL LSTM blocks of earlier models load into it.
 */
class LstmTest {

    @Test
    void fusedAndUnrolledGiveTheSameOutputsStatesAndGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            Lstm lstm = new Lstm(6, 5, 2, false);
            lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 5));
            NDArray x = manager.randomNormal(new Shape(3, 7, 5));
            // strided states, as a decoder's joined directions are: the fused call must accept them
            NDArray h0 = manager.randomNormal(new Shape(3, 2, 6)).transpose(1, 0, 2);
            NDArray c0 = manager.randomNormal(new Shape(3, 2, 6)).transpose(1, 0, 2);
            float[][] gradients = new float[2][];
            NDList fused = null;
            Lstm.Steps unrolled = null;
            for (int way = 0; way < 2; way++) {
                ParameterStore store = new ParameterStore(manager, false);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray output;
                    if (way == 0) {
                        fused = lstm.fused(store, x, h0, c0, true);
                        output = fused.get(0);
                    } else {
                        unrolled = lstm.unrolled(store, x, h0, c0, true);
                        output = unrolled.output();
                    }
                    collector.backward(output.mul(output).sum());
                }
                NDArray weights = lstm.getParameters().get(0).getValue().getArray();
                gradients[way] = weights.getGradient().toFloatArray();
                weights.getGradient().muli(0); // gradients add up over collectors
            }
            assertClose(fused.get(0), unrolled.output());
            NDList layers = lstm.layerOutputs(new ParameterStore(manager, false), x, h0, c0, false);
            assertClose(unrolled.h().get(0), layers.get(0), "layer by layer: layer 0 at every step");
            assertClose(fused.get(0), layers.get(1), "and the top layer");
            assertClose(fused.get(1).get(0), unrolled.h().get(0).get(":, -1, :"), "layer 0's final h");
            assertClose(fused.get(1).get(1), unrolled.h().get(1).get(":, -1, :"), "layer 1's final h");
            assertClose(fused.get(2).get(1), unrolled.c().get(1).get(":, -1, :"), "layer 1's final c");
            assertArrayEquals(gradients[0], gradients[1], 1e-4f);
            assertTrue(Math.abs(gradients[0][0]) + Math.abs(gradients[0][gradients[0].length - 1]) > 0);
        }
    }

    @Test
    void bothDirectionsReadTheSequenceEachItsWayLayerAfterLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            int hidden = 4;
            Lstm lstm = new Lstm(hidden, 3, 2, true);
            lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 3));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(2, 5, 3));
            NDArray h0 = manager.randomNormal(new Shape(4, 2, hidden));
            NDArray c0 = manager.randomNormal(new Shape(4, 2, hidden));
            NDList fused = lstm.fused(store, x, h0, c0, false);
            NDArray flat = lstm.getParameters().get(0).getValue().getArray();
            NDArray input = x;
            List<NDArray> finals = new ArrayList<>();
            for (int layer = 0; layer < 2; layer++) {
                NDList directions = new NDList();
                for (int direction = 0; direction < 2; direction++) {
                    NDList p = lstm.parameters(flat, layer, direction);
                    NDArray in = direction == 0 ? input : input.flip(1);
                    NDArray h = h0.get(2 * layer + direction);
                    NDArray c = c0.get(2 * layer + direction);
                    NDList outputs = new NDList();
                    for (int t = 0; t < 5; t++) {
                        NDList g = in.get(":, " + t + ", :").matMul(p.get(0).transpose()).add(p.get(2))
                                .add(h.matMul(p.get(1).transpose())).add(p.get(3)).split(4, 1);
                        c = sigmoid(g.get(1)).mul(c).add(sigmoid(g.get(0)).mul(g.get(2).tanh()));
                        h = sigmoid(g.get(3)).mul(c.tanh());
                        outputs.add(h);
                    }
                    finals.add(h);
                    NDArray out = NDArrays.stack(outputs, 1);
                    directions.add(direction == 0 ? out : out.flip(1));
                }
                input = directions.get(0).concat(directions.get(1), -1);
            }
            assertClose(fused.get(0), input);
            assertClose(fused.get(1), NDArrays.stack(new NDList(finals), 0), "final h: l0 forward, l0 backward, l1 …");
            assertEquals(new Shape(2, 5, 2 * hidden), fused.get(0).getShape());
        }
    }

    @Test
    void readsTheOneLayerDjlLstmBlocksOfTheModelsShippedBeforeIt() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            // as the old BiLstm: two DJL LSTMs, the second reading the sequence reversed, saved one after the other
            LSTM forward = LSTM.builder().setStateSize(4).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
            LSTM backward = LSTM.builder().setStateSize(4).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                for (LSTM block : List.of(forward, backward)) {
                    block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 3));
                    block.saveParameters(out);
                }
            }
            Lstm lstm = new Lstm(4, 3, 1, true);
            lstm.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(2, 5, 3));
            NDArray h0 = manager.randomNormal(new Shape(2, 2, 4));
            NDArray c0 = manager.randomNormal(new Shape(2, 2, 4));
            NDList f = forward.forward(store, new NDList(x, h0.get("0:1"), c0.get("0:1")), false);
            NDList b = backward.forward(store, new NDList(x.flip(1), h0.get("1:2"), c0.get("1:2")), false);
            NDList loaded = lstm.fused(store, x, h0, c0, false);
            assertClose(f.get(0).concat(b.get(0).flip(1), -1), loaded.get(0), "outputs, both directions");
            assertClose(NDArrays.concat(new NDList(f.get(2), b.get(2)), 0), loaded.get(2), "final cell states");

            Lstm twoLayers = new Lstm(4, 3, 2, true);
            assertThrows(MalformedModelException.class, () -> twoLayers.loadParameters(manager,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        }
    }

    private static NDArray sigmoid(NDArray x) {
        return x.getNDArrayInternal().sigmoid();
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertClose(expected, actual, "");
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f, what);
    }
}
