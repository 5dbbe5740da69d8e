package lasso.model.synthesis;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Example;
import lasso.model.AdamMoments;
import lasso.model.ResumableAdam;
import lasso.model.TrainingCheckpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a synthesizer by teacher forcing, deterministically for a seed: the seed fixes the initial
 * parameters, the batch order (a fresh shuffle per pass over the data) and, per batch, which of each
 * task's examples the network sees (a random {@code examplesPerTask} of them, so a task with more
 * examples than the model reads shows it different ones each pass, as GandRL reshuffles Karel's
 * six). Adam, a learning rate decayed by {@code decay} every {@code decaySteps} steps, gradients
 * clipped to a global norm. Every {@code checkpointEvery} steps it validates (teacher-forced loss,
 * and the share of validation tasks whose greedy program passes all their examples) and writes a
 * checkpoint that {@code resume} continues from exactly (with Adam's moments and the schedule).
 * A network that returns a fifth loss (LaSynth's L_state, the executor against the list after the
 * statements completed so far) has it added with a weight falling linearly from 1 to 0 over the
 * first {@code stateLossSteps} steps: a warm-up that shows the executor what executing is, then
 * leaves it to L_exec alone, as the paper trains it (0: never added).
 */
public final class SynthesizerTrainer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A training task: the program's token ids and every example it has. */
    public record Task<I, O>(int[] program, List<Example<I, O>> examples) {
    }

    /** How to train. */
    public record Options(long steps, int batchSize, double learningRate, double decay, long decaySteps,
                          double clip, int examplesPerTask, long seed, long checkpointEvery, int validationDecodes,
                          long stateLossSteps) {

        public Options {
            if (steps < 0 || batchSize < 1 || learningRate <= 0 || decay <= 0 || decay > 1 || decaySteps < 1
                    || clip <= 0 || examplesPerTask < 1 || checkpointEvery < 1 || validationDecodes < 0
                    || stateLossSteps < 0) {
                throw new IllegalArgumentException("bad training options: " + this);
            }
        }

        /** Without the intermediate-state loss. */
        public Options(long steps, int batchSize, double learningRate, double decay, long decaySteps, double clip,
                       int examplesPerTask, long seed, long checkpointEvery, int validationDecodes) {
            this(steps, batchSize, learningRate, decay, decaySteps, clip, examplesPerTask, seed, checkpointEvery,
                    validationDecodes, 0);
        }

        /** The weight of L_state at a step. */
        double stateWeight(long step) {
            return stateLossSteps == 0 ? 0 : Math.max(0, 1 - (double) step / stateLossSteps);
        }
    }

    /** Hears about training as it goes. */
    public interface Listener {
        void step(long step, long steps, Losses losses, double examplesPerSecond);

        void validated(long step, Losses validation, double greedyAccuracy, double seconds);
    }

    /**
     * Mean losses: total (L_prog + L_exec + L_op), program (L_prog), execution (L_exec), operation
     * (L_op), state (L_state, 0 where the network has none).
     */
    public record Losses(double total, double program, double execution, double operation, double state) {

        public Losses(double total, double program, double execution, double operation) {
            this(total, program, execution, operation, 0);
        }

        static Losses of(NDList out) {
            return new Losses(out.get(0).getFloat(), out.get(1).getFloat(), out.get(2).getFloat(),
                    out.get(3).getFloat(), out.size() > 4 ? out.get(4).getFloat() : 0);
        }
    }

    /** A trainer's result: what was measured. */
    public record Outcome(ObjectNode record, double seconds, Losses lastTrain, Losses validation, double greedyAccuracy) {
    }

    private SynthesizerTrainer() {
    }

    /**
     * Trains {@code synthesizer} in place on {@code train}, validating on {@code validation} (may be empty).
     *
     * @param score judges a decoded program on a validation task's examples (for the greedy accuracy)
     */
    public static <P, I, O> Outcome train(NeuralSynthesizer<P, I, O> synthesizer, List<Task<I, O>> train,
                                          List<Task<I, O>> validation, Options options, Path checkpoint,
                                          boolean resume, Listener listener, Judge<P, I, O> score) throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training tasks");
        }
        for (Task<I, O> task : train) {
            if (task.examples().size() < options.examplesPerTask()) {
                throw new IllegalArgumentException("a training task has " + task.examples().size()
                        + " examples; the model reads " + options.examplesPerTask());
            }
        }
        long firstStep = 0;
        double seconds = 0;
        double resumedSeconds = 0;
        AdamMoments moments = new AdamMoments(synthesizer.network());
        if (resume) {
            TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
            firstStep = saved.step();
            seconds = saved.seconds();
            resumedSeconds = seconds;
            synthesizer.loadParameters(checkpoint);
            moments.read(checkpoint, firstStep);
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(ResumableAdam.decaying(options.learningRate(), options.decay(), options.decaySteps(),
                        firstStep, moments))
                .optDevices(new Device[] {synthesizer.djlModel().getNDManager().getDevice()});
        SynthesisNetwork<I, O> network = synthesizer.network();
        Losses lastTrain = null;
        Losses lastValidation = null;
        double lastAccuracy = Double.NaN;
        try (Trainer trainer = synthesizer.djlModel().newTrainer(config)) {
            trainer.initialize(new Shape(1));
            long perPass = (train.size() + options.batchSize() - 1) / options.batchSize();
            List<Integer> order = null;
            long orderPass = -1;
            double sum0 = 0;
            double sum1 = 0;
            double sum2 = 0;
            double sum3 = 0;
            double sum4 = 0;
            int summed = 0;
            long windowStart = System.nanoTime();
            long windowExamples = 0;
            for (long step = firstStep; step < options.steps(); step++) {
                long start = System.nanoTime();
                long pass = step / perPass;
                if (pass != orderPass) {
                    order = shuffled(train.size(), new SplittableRandom(options.seed() * 1_000_003L + pass));
                    orderPass = pass;
                }
                int from = (int) ((step % perPass) * options.batchSize());
                List<Integer> batch = order.subList(from, Math.min(order.size(), from + options.batchSize()));
                SplittableRandom random = new SplittableRandom(options.seed() * 31L + step * 0x9E3779B97F4A7C15L);
                List<List<Example<I, O>>> examples = new ArrayList<>(batch.size());
                int[][] targets = new int[batch.size()][];
                for (int i = 0; i < batch.size(); i++) {
                    Task<I, O> task = train.get(batch.get(i));
                    examples.add(pick(task.examples(), options.examplesPerTask(), random));
                    targets[i] = task.program();
                }
                Losses losses;
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    try (NDScope scope = new NDScope(); GradientCollector collector = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(network.trainingInputs(manager, examples, targets));
                        double stateWeight = options.stateWeight(step);
                        collector.backward(stateWeight > 0 && out.size() > 4
                                ? out.get(0).add(out.get(4).mul(stateWeight)) : out.get(0));
                        losses = Losses.of(out);
                    }
                    if (!Double.isFinite(losses.total())) {
                        throw new IllegalStateException("the loss is " + losses.total() + " at step " + step);
                    }
                    clip(synthesizer, options.clip());
                    trainer.step();
                }
                seconds += (System.nanoTime() - start) / 1e9;
                sum0 += losses.total();
                sum1 += losses.program();
                sum2 += losses.execution();
                sum3 += losses.operation();
                sum4 += losses.state();
                summed++;
                windowExamples += batch.size();
                double elapsed = (System.nanoTime() - windowStart) / 1e9;
                lastTrain = new Losses(sum0 / summed, sum1 / summed, sum2 / summed, sum3 / summed, sum4 / summed);
                listener.step(step + 1, options.steps(), lastTrain, windowExamples / Math.max(elapsed, 1e-9));
                boolean last = step + 1 == options.steps();
                if ((step + 1) % options.checkpointEvery() == 0 || last) {
                    long validationStart = System.nanoTime();
                    if (!validation.isEmpty()) {
                        lastValidation = evaluateLoss(synthesizer, validation, options);
                        lastAccuracy = greedyAccuracy(synthesizer, validation, options, score);
                    }
                    listener.validated(step + 1, lastValidation, lastAccuracy,
                            (System.nanoTime() - validationStart) / 1e9);
                    synthesizer.save(checkpoint, null);
                    moments.write(checkpoint, step + 1);
                    new TrainingCheckpoint(step + 1, seconds).write(checkpoint, lastTrain.total());
                    sum0 = sum1 = sum2 = sum3 = sum4 = 0;
                    summed = 0;
                    windowStart = System.nanoTime();
                    windowExamples = 0;
                }
            }
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("train_tasks", train.size());
        record.put("validation_tasks", validation.size());
        record.put("steps", Math.max(options.steps(), firstStep));
        record.put("batch_size", options.batchSize());
        record.put("examples_per_task", options.examplesPerTask());
        record.put("learning_rate", options.learningRate());
        record.put("decay", options.decay());
        record.put("decay_steps", options.decaySteps());
        record.put("clip", options.clip());
        record.put("seed", options.seed());
        record.put("state_loss_steps", options.stateLossSteps());
        record.put("train_seconds", Math.round(seconds));
        if (seconds > 0 && options.steps() > firstStep) {
            record.put("train_steps_per_second", round((options.steps() - firstStep) / (seconds - resumedSeconds)));
        }
        if (lastTrain != null) {
            record.put("final_train_loss", round(lastTrain.total()));
            record.put("final_train_program_loss", round(lastTrain.program()));
            record.put("final_train_execution_loss", round(lastTrain.execution()));
            record.put("final_train_operation_loss", round(lastTrain.operation()));
            record.put("final_train_state_loss", round(lastTrain.state()));
        }
        if (lastValidation != null) {
            record.put("validation_loss", round(lastValidation.total()));
            record.put("validation_program_loss", round(lastValidation.program()));
            record.put("validation_execution_loss", round(lastValidation.execution()));
            record.put("validation_state_loss", round(lastValidation.state()));
            record.put("validation_greedy_accuracy", round(lastAccuracy));
        }
        return new Outcome(record, seconds, lastTrain, lastValidation, lastAccuracy);
    }

    /** Whether a decoded program solves a task (all its examples). */
    public interface Judge<P, I, O> {
        boolean solves(P program, List<Example<I, O>> examples);
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /** Teacher-forced losses on tasks (their first examples), without updating anything. */
    public static <P, I, O> Losses evaluateLoss(NeuralSynthesizer<P, I, O> synthesizer, List<Task<I, O>> tasks,
                                                Options options) {
        double[] sums = new double[5];
        int batches = 0;
        for (int from = 0; from < tasks.size(); from += options.batchSize()) {
            List<Task<I, O>> batch = tasks.subList(from, Math.min(tasks.size(), from + options.batchSize()));
            List<List<Example<I, O>>> examples = new ArrayList<>();
            int[][] targets = new int[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                examples.add(batch.get(i).examples().subList(0, options.examplesPerTask()));
                targets[i] = batch.get(i).program();
            }
            try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager();
                 NDScope scope = new NDScope()) {
                NDList out = synthesizer.network().forward(new ParameterStore(manager, false),
                        synthesizer.network().trainingInputs(manager, examples, targets), false);
                for (int i = 0; i < Math.min(5, out.size()); i++) {
                    sums[i] += out.get(i).getFloat();
                }
            }
            batches++;
        }
        return new Losses(sums[0] / batches, sums[1] / batches, sums[2] / batches, sums[3] / batches,
                sums[4] / batches);
    }

    /** The share of tasks whose greedy program (beam 1) passes all of the task's examples. */
    static <P, I, O> double greedyAccuracy(NeuralSynthesizer<P, I, O> synthesizer, List<Task<I, O>> tasks,
                                           Options options, Judge<P, I, O> judge) {
        int count = Math.min(tasks.size(), options.validationDecodes());
        if (count == 0) {
            return Double.NaN;
        }
        int solved = 0;
        for (int from = 0; from < count; from += options.batchSize()) {
            List<Task<I, O>> batch = tasks.subList(from, Math.min(count, from + options.batchSize()));
            List<List<Example<I, O>>> given = batch.stream()
                    .map(t -> t.examples().subList(0, options.examplesPerTask())).toList();
            List<List<Decoded<P>>> decoded = synthesizer.decode(given, 1);
            for (int i = 0; i < batch.size(); i++) {
                if (!decoded.get(i).isEmpty() && judge.solves(decoded.get(i).get(0).program(), batch.get(i).examples())) {
                    solved++;
                }
            }
        }
        return (double) solved / count;
    }

    private static void clip(NeuralSynthesizer<?, ?, ?> synthesizer, double clip) {
        clip(synthesizer.network(), clip);
    }

    /** Scales every gradient of a block so that their global L2 norm is at most {@code clip}. */
    public static void clip(Block network, double clip) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> gradients = new ArrayList<>();
            for (Pair<String, Parameter> parameter : network.getParameters()) {
                NDArray array = parameter.getValue().getArray();
                if (array.hasGradient()) {
                    gradients.add(array.getGradient());
                }
            }
            double squares = 0;
            for (NDArray gradient : gradients) {
                squares += gradient.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (norm > clip) {
                float scale = (float) (clip / norm);
                for (NDArray gradient : gradients) {
                    gradient.muli(scale);
                }
            }
        }
    }

    private static <T> List<T> pick(List<T> all, int count, SplittableRandom random) {
        if (all.size() == count) {
            return all;
        }
        List<Integer> order = shuffled(all.size(), random);
        List<T> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(all.get(order.get(i)));
        }
        return picked;
    }

    /** 0..size-1 in a random order. */
    public static List<Integer> shuffled(int size, SplittableRandom random) {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }

    /** Fixes the engine's seed (initial parameters) before a synthesizer is created. */
    public static void seed(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
    }
}
