package lasso.model.sed;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.model.AdamMoments;
import lasso.model.ResumableAdam;
import lasso.model.TrainingCheckpoint;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.SynthesizerTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a debugger on edit-op supervision (C.5), deterministically for a seed: the batches come from
 * a {@link Batches} source that draws step {@code s}'s repairs from the seed and {@code s} alone
 * (stage 1: fresh mutations of the training programs; stage 2: the synthesizer's mistakes), so a
 * resumed run sees the same data. Adam with a learning rate decayed by {@code decay} every
 * {@code decaySteps}, gradients clipped to a global norm. Every {@code checkpointEvery} steps it
 * validates (teacher-forced loss, and the share of validation repairs whose most probable edit, beam
 * 1, passes the task's examples) and writes a checkpoint that {@code resume} continues from exactly
 * (with Adam's moments and the schedule).
 */
public final class DebuggerTrainer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The training repairs of each step. */
    public interface Batches<I, O> {
        List<RepairExample<I, O>> batch(long step, int size);
    }

    /** Whether an edited program repairs validation repair {@code index} (passes its task's examples). */
    public interface Judge<P> {
        boolean repairs(int index, P program);
    }

    /** How to train. */
    public record Options(long steps, int batchSize, double learningRate, double decay, long decaySteps, double clip,
                          long checkpointEvery) {

        public Options {
            if (steps < 0 || batchSize < 1 || learningRate <= 0 || decay <= 0 || decay > 1 || decaySteps < 1
                    || clip <= 0 || checkpointEvery < 1) {
                throw new IllegalArgumentException("bad training options: " + this);
            }
        }
    }

    /** Hears about training as it goes. */
    public interface Listener {
        void step(long step, long steps, double loss, double examplesPerSecond);

        void validated(long step, double loss, double repairAccuracy, double seconds);
    }

    /** What was measured. */
    public record Outcome(ObjectNode record, double seconds, double trainLoss, double validationLoss,
                          double repairAccuracy) {
    }

    private DebuggerTrainer() {
    }

    public static <P, I, O> Outcome train(NeuralDebugger<P, I, O> debugger, Batches<I, O> batches,
                                          List<RepairExample<I, O>> validation, Judge<P> judge, Options options,
                                          Path checkpoint, boolean resume, Listener listener) throws IOException {
        long firstStep = 0;
        double seconds = 0;
        AdamMoments moments = new AdamMoments(debugger.network());
        if (resume) {
            TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
            firstStep = saved.step();
            seconds = saved.seconds();
            debugger.loadParameters(checkpoint);
            moments.read(checkpoint, firstStep);
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(ResumableAdam.decaying(options.learningRate(), options.decay(), options.decaySteps(),
                        firstStep, moments));
        DebuggerNetwork<I, O> network = debugger.network();
        double lastTrain = Double.NaN;
        double lastValidation = Double.NaN;
        double lastAccuracy = Double.NaN;
        try (Trainer trainer = debugger.djlModel().newTrainer(config)) {
            trainer.initialize(new Shape(1));
            double sum = 0;
            int summed = 0;
            long windowStart = System.nanoTime();
            long windowExamples = 0;
            for (long step = firstStep; step < options.steps(); step++) {
                long start = System.nanoTime();
                List<RepairExample<I, O>> batch = batches.batch(step, options.batchSize());
                double loss;
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    try (NDScope scope = new NDScope(); GradientCollector collector = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(network.trainingInputs(manager, batch));
                        collector.backward(out.get(0));
                        loss = out.get(0).getFloat();
                    }
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("the loss is " + loss + " at step " + step);
                    }
                    SynthesizerTrainer.clip(network, options.clip());
                    trainer.step();
                }
                seconds += (System.nanoTime() - start) / 1e9;
                sum += loss;
                summed++;
                windowExamples += batch.size();
                lastTrain = sum / summed;
                listener.step(step + 1, options.steps(), lastTrain,
                        windowExamples / Math.max((System.nanoTime() - windowStart) / 1e9, 1e-9));
                if ((step + 1) % options.checkpointEvery() == 0 || step + 1 == options.steps()) {
                    long validationStart = System.nanoTime();
                    if (!validation.isEmpty()) {
                        lastValidation = loss(debugger, validation, options.batchSize());
                        lastAccuracy = repairAccuracy(debugger, validation, judge, options.batchSize());
                    }
                    listener.validated(step + 1, lastValidation, lastAccuracy, (System.nanoTime() - validationStart) / 1e9);
                    debugger.save(checkpoint, null);
                    moments.write(checkpoint, step + 1);
                    new TrainingCheckpoint(step + 1, seconds).write(checkpoint, lastTrain);
                    sum = 0;
                    summed = 0;
                    windowStart = System.nanoTime();
                    windowExamples = 0;
                }
            }
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("steps", Math.max(options.steps(), firstStep));
        record.put("batch_size", options.batchSize());
        record.put("learning_rate", options.learningRate());
        record.put("decay", options.decay());
        record.put("decay_steps", options.decaySteps());
        record.put("clip", options.clip());
        record.put("train_seconds", Math.round(seconds));
        record.put("validation_repairs", validation.size());
        if (Double.isFinite(lastTrain)) {
            record.put("final_train_loss", round(lastTrain));
        }
        if (Double.isFinite(lastValidation)) {
            record.put("validation_loss", round(lastValidation));
            record.put("validation_repair_accuracy_beam1", round(lastAccuracy));
        }
        return new Outcome(record, seconds, lastTrain, lastValidation, lastAccuracy);
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /** Teacher-forced loss over repairs, without updating anything. */
    public static <I, O> double loss(NeuralDebugger<?, I, O> debugger, List<RepairExample<I, O>> repairs, int batch) {
        double sum = 0;
        int batches = 0;
        for (int from = 0; from < repairs.size(); from += batch) {
            List<RepairExample<I, O>> part = repairs.subList(from, Math.min(repairs.size(), from + batch));
            try (NDManager manager = debugger.djlModel().getNDManager().newSubManager(); NDScope scope = new NDScope()) {
                NDList out = debugger.network().forward(new ParameterStore(manager, false),
                        debugger.network().trainingInputs(manager, part), false);
                sum += out.get(0).getFloat();
            }
            batches++;
        }
        return sum / Math.max(1, batches);
    }

    /** The share of repairs whose most probable edit (beam 1) the judge accepts. */
    public static <P, I, O> double repairAccuracy(NeuralDebugger<P, I, O> debugger, List<RepairExample<I, O>> repairs,
                                                  Judge<P> judge, int batch) {
        int repaired = 0;
        for (int from = 0; from < repairs.size(); from += batch) {
            List<RepairExample<I, O>> part = repairs.subList(from, Math.min(repairs.size(), from + batch));
            List<List<Decoded<P>>> decoded = debugger.decode(part.stream().map(RepairExample::input).toList(), 1);
            for (int i = 0; i < part.size(); i++) {
                if (!decoded.get(i).isEmpty() && judge.repairs(from + i, decoded.get(i).get(0).program())) {
                    repaired++;
                }
            }
        }
        return repairs.isEmpty() ? Double.NaN : (double) repaired / repairs.size();
    }
}
