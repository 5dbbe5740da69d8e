package lasso.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's Adam updates as DJL's does; its state reads back, and a state that disagrees is an error. */
class ResumableAdamTest {

    private static final Tracker DECAYING = update -> (float) (0.01 * Math.pow(0.9, update));

    /** Six updates of one 3 × 4 parameter with varied gradients (signs, sizes, zeros). */
    private static float[] updated(Optimizer adam) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.arange(12f).reshape(3, 4).sub(5).div(7);
            weight.setRequiresGradient(true);
            for (int step = 0; step < 6; step++) {
                NDArray gradient = manager.arange(12f).reshape(3, 4).mul(step % 2 == 0 ? 0.3f : -1.7f).sin()
                        .mul(step + 1).mul(manager.arange(12f).reshape(3, 4).neq(step).toType(DataType.FLOAT32, false));
                adam.update("weight", weight, gradient);
            }
            return weight.toFloatArray();
        }
    }

    @Test
    void updatesAsDjlsAdamDoesBitForBit() {
        float[] djl = updated(Optimizer.adam().optLearningRateTracker(DECAYING).build());
        float[] ours = updated(new ResumableAdam(DECAYING, new AdamMoments(Linear.builder().setUnits(1).build())));
        assertArrayEquals(djl, ours);
    }

    @Test
    void writtenStateReadsBackAndMustBeAtTheCheckpointsStep(@TempDir Path checkpoint) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(2).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            AdamMoments moments = new AdamMoments(block);
            ResumableAdam adam = new ResumableAdam(DECAYING, moments);
            for (int step = 0; step < 3; step++) {
                for (var parameter : block.getParameters()) {
                    NDArray weight = parameter.getValue().getArray();
                    adam.update(parameter.getValue().getId(), weight, weight.onesLike().mul(step - 1));
                }
            }
            moments.write(checkpoint, 3);

            AdamMoments read = new AdamMoments(block);
            assertTrue(read.read(checkpoint, 3));
            assertEquals(3, read.updates());
            Parameter weight = block.getParameters().get(0).getValue();
            assertArrayEquals(moments.variance(weight.getId(), weight.getArray()).toFloatArray(),
                    read.variance(weight.getId(), weight.getArray()).toFloatArray());
            IOException behind = assertThrows(IOException.class, () -> new AdamMoments(block).read(checkpoint, 4));
            assertTrue(behind.getMessage().contains("at step 3") && behind.getMessage().contains(AdamMoments.COUNTS),
                    behind.getMessage());
        }
    }
}
