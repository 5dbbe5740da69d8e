package lasso.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDeviceTest {

    @Test
    void cpuIsTheDefaultAndNamesAreChecked() {
        assertEquals(Device.cpu(), ModelDevice.parse("cpu"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ModelDevice.parse("tpu"));
        assertTrue(bad.getMessage().contains("expected cpu, gpu or gpu:N, got 'tpu'"), bad.getMessage());
    }

    /** On a machine without a GPU (development, CI) asking for one fails, saying what is missing. */
    @Test
    void aGpuTheEngineDoesNotSeeIsRefusedClearly() {
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus > 0) {
            assertEquals(Device.gpu(0), ModelDevice.parse("gpu"));
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModelDevice.parse("gpu:" + gpus));
        assertTrue(missing.getMessage().contains("sees " + gpus + " GPU"), missing.getMessage());
        assertTrue(missing.getMessage().contains("CUDA"), missing.getMessage());
    }
}
