package lasso.model.deepcoder;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Example;
import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.Attribute;
import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSemantics;
import lasso.domain.list.Value;
import lasso.model.AdamMoments;
import lasso.model.ResumableAdam;
import lasso.search.deepcoder.Prior;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the attribute network with Adam on binary cross-entropy (paper §4.3), deterministically for
 * a seed: the seed fixes the initial parameters, the validation split, the batch order and the fresh
 * examples drawn for each training program after the first epoch (each epoch then shows the network
 * other inputs of the same programs). After every epoch it checkpoints the parameters and its
 * progress and Adam's state, so a run can be resumed exactly.
 */
public final class DeepcoderTrainer {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE = "state.json";

    /** What to train and how. */
    public record Options(int epochs, int batchSize, double learningRate, long seed, boolean freshExamples,
                          double validationFraction, AttributeNetwork.NetworkShape shape) {

        public Options {
            if (epochs < 1 || batchSize < 1 || learningRate <= 0 || validationFraction < 0 || validationFraction >= 1) {
                throw new IllegalArgumentException("epochs and batch size must be positive, the learning rate "
                        + "positive and the validation fraction in [0, 1)");
            }
        }
    }

    /** Hears about training as it goes. */
    public interface Listener {
        void started(int epoch, long tasksPerEpoch, long totalBatches);

        void batch(int epoch, long tasksDone, double loss, double tasksPerSecond);

        void epoch(int epoch, double trainLoss, Evaluation validation, double seconds);
    }

    /** The result: the final model (the caller closes it) and what was measured. */
    public record Outcome(DeepcoderModel model, ObjectNode record) {
    }

    private DeepcoderTrainer() {
    }

    /**
     * Trains on {@code data} (a validation split is held out), checkpointing into {@code checkpoint}
     * after every epoch; with {@code resume}, continues from the checkpoint there.
     */
    public static Outcome train(List<Generated<ListProgram, ListInput, Value>> data, Options options, Path checkpoint,
                                boolean resume, Listener listener) throws IOException {
        if (data.size() < 2) {
            throw new IllegalArgumentException("training needs at least 2 tasks, got " + data.size());
        }
        int examples = data.get(0).examples().size();
        for (Generated<ListProgram, ListInput, Value> task : data) {
            if (task.examples().size() != examples) {
                throw new IllegalArgumentException("every training task needs " + examples + " examples");
            }
        }
        Engine.getInstance().setRandomSeed((int) options.seed());
        List<Generated<ListProgram, ListInput, Value>> shuffled = new ArrayList<>(data);
        shuffle(shuffled, new SplittableRandom(options.seed()));
        int validationSize = (int) Math.round(shuffled.size() * options.validationFraction());
        List<Generated<ListProgram, ListInput, Value>> validation = List.copyOf(shuffled.subList(0, validationSize));
        List<Generated<ListProgram, ListInput, Value>> train = List.copyOf(shuffled.subList(validationSize, shuffled.size()));
        Prior prior = Prior.of(train.stream().map(Generated::program).toList());

        DeepcoderModel model = DeepcoderModel.create(options.shape(), prior);
        AdamMoments moments = new AdamMoments(model.network());
        int firstEpoch = 1;
        double lastLoss = Double.NaN;
        ObjectNode record = JSON.createObjectNode();
        double seconds = 0;
        if (resume) {
            Path state = checkpoint.resolve(STATE);
            if (!Files.exists(state)) {
                model.close();
                throw new IOException("nothing to resume: " + state + " does not exist");
            }
            ObjectNode saved = (ObjectNode) JSON.readTree(state.toFile());
            firstEpoch = saved.get("epoch").asInt() + 1;
            seconds = saved.path("seconds").asDouble();
            lastLoss = saved.path("train_loss").asDouble(Double.NaN);
            try {
                model.djlModel().load(checkpoint, DeepcoderModel.NAME);
                moments.read(checkpoint, firstEpoch - 1);
            } catch (MalformedModelException e) {
                model.close();
                throw new IOException("cannot read the checkpoint in " + checkpoint + ": " + e.getMessage(), e);
            } catch (IOException e) {
                model.close();
                throw e;
            }
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                .optOptimizer(new ResumableAdam(Tracker.fixed((float) options.learningRate()), moments));
        ExampleSampler sampler = new ExampleSampler(1, ListSemantics.MAX_LENGTH);
        Evaluation lastValidation = validation.isEmpty() || firstEpoch <= options.epochs() ? null
                : Evaluation.of(model, validation);
        try (Trainer trainer = model.djlModel().newTrainer(config)) {
            trainer.initialize(new Shape(options.batchSize(), examples, ExampleEncoding.SLOTS, ExampleEncoding.LENGTH),
                    new Shape(options.batchSize(), examples, ExampleEncoding.SLOTS, ExampleEncoding.TYPES));
            long batches = (train.size() + options.batchSize() - 1) / options.batchSize();
            for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
                long start = System.nanoTime();
                listener.started(epoch, train.size(), batches);
                SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + epoch);
                List<Generated<ListProgram, ListInput, Value>> order = new ArrayList<>(train);
                shuffle(order, random);
                double lossSum = 0;
                long done = 0;
                for (int b = 0; b < order.size(); b += options.batchSize()) {
                    List<Generated<ListProgram, ListInput, Value>> batch = order.subList(b, Math.min(order.size(), b + options.batchSize()));
                    List<List<Example<ListInput, Value>>> inputs = new ArrayList<>(batch.size());
                    float[] labels = new float[batch.size() * Attribute.COUNT_ALL];
                    for (int t = 0; t < batch.size(); t++) {
                        Generated<ListProgram, ListInput, Value> task = batch.get(t);
                        List<Example<ListInput, Value>> given = task.examples();
                        if (options.freshExamples() && epoch > 1) {
                            given = sampler.sample(task.program(), examples, random.split()).orElse(given);
                        }
                        inputs.add(given);
                        int[] bits = task.program().attributeVector();
                        for (int a = 0; a < Attribute.COUNT_ALL; a++) {
                            labels[t * Attribute.COUNT_ALL + a] = bits[a];
                        }
                    }
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        NDList x = DeepcoderModel.inputs(manager, inputs);
                        NDArray y = manager.create(labels, new Shape(batch.size(), Attribute.COUNT_ALL));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(x);
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                            collector.backward(loss);
                            lossSum += loss.getFloat() * batch.size();
                        }
                        trainer.step();
                    }
                    done += batch.size();
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    listener.batch(epoch, done, lossSum / done, done / Math.max(elapsed, 1e-9));
                }
                lastLoss = lossSum / done;
                lastValidation = validation.isEmpty() ? null : Evaluation.of(model, validation);
                double epochSeconds = (System.nanoTime() - start) / 1e9;
                seconds += epochSeconds;
                listener.epoch(epoch, lastLoss, lastValidation, epochSeconds);
                model.save(checkpoint, null);
                moments.write(checkpoint, epoch);
                ObjectNode state = JSON.createObjectNode();
                state.put("epoch", epoch);
                state.put("seconds", seconds);
                state.put("train_loss", lastLoss);
                JSON.writerWithDefaultPrettyPrinter().writeValue(checkpoint.resolve(STATE).toFile(), state);
            }
        }
        record.put("tasks", data.size());
        record.put("train_tasks", train.size());
        record.put("validation_tasks", validation.size());
        record.put("examples_per_task", examples);
        record.put("epochs", Math.max(options.epochs(), firstEpoch - 1));
        record.put("batch_size", options.batchSize());
        record.put("learning_rate", options.learningRate());
        record.put("seed", options.seed());
        record.put("fresh_examples", options.freshExamples());
        record.put("train_seconds", Math.round(seconds * 10) / 10.0);
        record.put("final_train_loss", lastLoss);
        if (lastValidation != null) {
            record.put("validation_loss", lastValidation.loss());
            record.put("validation_accuracy", lastValidation.accuracy());
            record.put("validation_mean_auc", lastValidation.meanAuc());
        }
        return new Outcome(model, record);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }
}
