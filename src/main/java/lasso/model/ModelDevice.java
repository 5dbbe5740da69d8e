package lasso.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where the networks run: {@code lasso.model.device} (a system property, which a node sets from its
 * configuration) is {@code cpu} (the default), {@code gpu} (the first GPU) or {@code gpu:N}. A GPU
 * needs the engine's CUDA natives (README, "GPU nodes"); asking for one the engine does not see fails
 * with a message that says so, instead of DJL's silent fall-back.
 */
public final class ModelDevice {

    public static final String PROPERTY = "lasso.model.device";

    private ModelDevice() {
    }

    /** The configured device. */
    public static Device configured() {
        return parse(System.getProperty(PROPERTY, "cpu"));
    }

    /**
     * @throws IllegalArgumentException for a name that is not cpu, gpu or gpu:N, or a GPU the engine
     *                                  does not see
     */
    public static Device parse(String name) {
        String value = name.trim();
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        int index;
        if (value.equals("gpu")) {
            index = 0;
        } else if (value.matches("gpu:\\d{1,4}")) {
            index = Integer.parseInt(value.substring(4));
        } else {
            throw new IllegalArgumentException(PROPERTY + ": expected cpu, gpu or gpu:N, got '" + name + "'");
        }
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        if (index >= gpus) {
            throw new IllegalArgumentException(PROPERTY + " = " + value + ", but the " + engine.getEngineName()
                    + " engine (" + engine.getVersion() + ") sees " + gpus + " GPU" + (gpus == 1 ? "" : "s")
                    + ": it needs the CUDA build of its natives (ai.djl.pytorch:pytorch-native-cu* on the class "
                    + "path, or PYTORCH_LIBRARY_PATH pointing at a CUDA libtorch; README, \"GPU nodes\") and a "
                    + "visible NVIDIA device");
        }
        return Device.gpu(index);
    }
}
