package lasso.model.synthesis.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import lasso.model.synthesis.Lstm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One training pass (forward and backward) of LaSynth's decoder LSTM at the shipped size: 2 layers of
 * 256 (H = 128, two directions side by side), a batch of 32 tasks × 5 examples, 64 steps. PyTorch's
 * fused LSTM (oneDNN's RNN on this CPU) against the same LSTM unrolled into matrix products, and the
 * fused call layer by layer (what LaSynth's training runs, for every layer's output at every step).
 * {@code ./lasso jmh -f 1 -wi 2 -i 3 Lstm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LstmBenchmark {

    @Param({"fused", "layers", "unrolled"})
    public String way;

    @Param({"160"})
    public int rows;

    private NDManager manager;
    private Lstm lstm;
    private NDArray x;
    private NDArray h0;
    private NDArray c0;

    @Setup
    public void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(1);
        lstm = new Lstm(256, 256, 2, false);
        lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 256));
        x = manager.randomNormal(new Shape(rows, 64, 256));
        h0 = manager.randomNormal(new Shape(2, rows, 256));
        c0 = manager.randomNormal(new Shape(2, rows, 256));
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float trainingPass() {
        try (NDManager step = manager.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            ParameterStore store = new ParameterStore(step, false);
            // copies in the pass's manager: an operation's result joins its first operand's manager, so on the
            // setup's arrays every pass's intermediates stayed until the end (the unrolled way's filled 22 GB)
            NDArray in = step.create(x.getShape());
            x.copyTo(in);
            NDArray h = step.create(h0.getShape());
            h0.copyTo(h);
            NDArray c = step.create(c0.getShape());
            c0.copyTo(c);
            NDArray output = switch (way) {
                case "fused" -> lstm.fused(store, in, h, c, true).get(0);
                case "layers" -> lstm.layerOutputs(store, in, h, c, true).get(1);
                default -> lstm.unrolled(store, in, h, c, true).output();
            };
            NDArray loss = output.mean();
            collector.backward(loss);
            return loss.getFloat();
        }
    }
}
