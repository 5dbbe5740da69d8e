package lasso.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;

/**
 * DJL's Adam (0.35.1: its defaults, bias correction, learning-rate call and the engine's fused update,
 * so training is what {@code Optimizer.adam()} gives bit for bit) with its state in an
 * {@link AdamMoments} that a checkpoint can keep: DJL's own Adam holds its moments and update counts
 * in private maps, so a resumed run restarted them.
 */
public final class ResumableAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final AdamMoments moments;

    /** Adam with DJL's defaults (no weight decay, no clipping, gradients as they are). */
    public ResumableAdam(ParameterTracker learningRate, AdamMoments moments) {
        super(new Defaults());
        this.learningRate = learningRate;
        this.moments = moments;
    }

    /**
     * Adam whose learning rate starts at {@code rate} and is multiplied by {@code decay} every
     * {@code decaySteps} training steps, continuing at training step {@code step} (0 for a new run).
     */
    public static ResumableAdam decaying(double rate, double decay, long decaySteps, long step, AdamMoments moments) {
        // the schedule follows the step; Adam's t lags it where its moments restarted (an older checkpoint)
        long offset = step - moments.updates();
        double factor = Math.pow(decay, 1.0 / decaySteps);
        Tracker schedule = update -> (float) (rate * Math.pow(factor, offset + update));
        return new ResumableAdam(schedule, moments);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = moments.count(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float rate = learningRate.getNewValue(parameterId, t);
        float corrected = (float) (rate * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
        }
        NDList inputs = new NDList(weight, grad, moments.mean(parameterId, weight), moments.variance(parameterId, weight));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), rate, corrected, weightDecay, rescaleGrad,
                clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    private static final class Defaults extends OptimizerBuilder<Defaults> {
        @Override
        protected Defaults self() {
            return this;
        }
    }
}
