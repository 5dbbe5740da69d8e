package lasso.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.Attribute;
import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListDatasetBuilder;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSemantics;
import lasso.domain.list.Value;
import lasso.model.deepcoder.AttributeNetwork;
import lasso.model.deepcoder.DeepcoderModel;
import lasso.model.deepcoder.DeepcoderTrainer;
import lasso.model.deepcoder.Evaluation;
import lasso.model.deepcoder.TrainingData;
import me.tongfei.progressbar.ProgressBar;

import java.util.List;

/** {@code ./lasso train --model deepcoder}: data (given or built), training, test evaluation, saving. */
final class DeepcoderTraining implements TrainCommand.ModelTraining {

    @Override
    public int train(TrainCommand o) throws Exception {
        List<Generated<ListProgram, ListInput, Value>> train;
        List<Generated<ListProgram, ListInput, Value>> test = null;
        String dataDescription;
        if (o.data != null) {
            train = TrainingData.read(o.data);
            dataDescription = o.data.toString();
        } else {
            ListDatasetBuilder.Dataset dataset = new ListDatasetBuilder(o.length, 5,
                    new ExampleSampler(1, ListSemantics.MAX_LENGTH))
                    .build(o.trainTasks, o.testTasks, o.seed, line -> System.err.println("dataset: " + line));
            train = dataset.train();
            test = dataset.test();
            dataDescription = "built: ./lasso dataset deepcoder --length " + o.length + " --train " + o.trainTasks
                    + " --test " + o.testTasks + " --seed " + o.seed;
        }
        if (o.test != null) {
            test = TrainingData.read(o.test);
        }
        System.err.printf("train: %d tasks (%s)%n", train.size(), dataDescription);
        DeepcoderTrainer.Options options = new DeepcoderTrainer.Options(o.epochs, o.batchSize == null ? 100 : o.batchSize, o.learningRate, o.seed,
                o.freshExamples, o.validation, AttributeNetwork.NetworkShape.PAPER);
        ProgressListener listener = new ProgressListener(o.epochs);
        DeepcoderTrainer.Outcome outcome;
        try {
            outcome = DeepcoderTrainer.train(train, options, o.checkpoints, o.resume, listener);
        } finally {
            listener.close();
        }
        try (DeepcoderModel model = outcome.model()) {
            ObjectNode record = outcome.record();
            record.put("data", dataDescription);
            record.put("command", o.commandLine != null ? o.commandLine : "./lasso train --model deepcoder");
            if (test != null) {
                Evaluation evaluation = Evaluation.of(model, test);
                ObjectNode node = record.putObject("test");
                node.put("tasks", evaluation.tasks());
                node.put("loss", evaluation.loss());
                node.put("accuracy", evaluation.accuracy());
                node.put("mean_auc", evaluation.meanAuc());
                ObjectNode auc = node.putObject("auc");
                ArrayNode accuracy = node.putArray("accuracy_by_attribute");
                for (Attribute attribute : Attribute.values()) {
                    double value = evaluation.aucByAttribute()[attribute.ordinal()];
                    if (!Double.isNaN(value)) {
                        auc.put(attribute.prefixName(), Math.round(value * 1000) / 1000.0);
                    }
                    accuracy.add(Math.round(evaluation.accuracyByAttribute()[attribute.ordinal()] * 1000) / 1000.0);
                }
                System.out.printf("test: %d tasks, loss %.4f, accuracy %.4f, mean AUC %.4f%n", evaluation.tasks(),
                        evaluation.loss(), evaluation.accuracy(), evaluation.meanAuc());
            }
            model.save(o.out, record);
            System.out.printf("saved %s (training %.0f s)%n", o.out, record.path("train_seconds").asDouble());
        }
        return 0;
    }

    /** One progress bar per epoch (loss, tasks/s, examples/s), and a summary line after it. */
    private static final class ProgressListener implements DeepcoderTrainer.Listener {

        private final int epochs;
        private ProgressBar bar;

        ProgressListener(int epochs) {
            this.epochs = epochs;
        }

        @Override
        public void started(int epoch, long tasksPerEpoch, long totalBatches) {
            close();
            bar = Progress.bar("epoch " + epoch + "/" + epochs, tasksPerEpoch);
        }

        @Override
        public void batch(int epoch, long tasksDone, double loss, double tasksPerSecond) {
            bar.stepTo(tasksDone);
            bar.setExtraMessage(String.format(" loss %.4f, %.0f examples/s", loss, tasksPerSecond * 5));
        }

        @Override
        public void epoch(int epoch, double trainLoss, Evaluation validation, double seconds) {
            close();
            System.err.printf("epoch %d: train loss %.4f%s, %.1f s%n", epoch, trainLoss, validation == null ? ""
                    : String.format(", validation loss %.4f, accuracy %.4f, mean AUC %.4f", validation.loss(),
                    validation.accuracy(), validation.meanAuc()), seconds);
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
