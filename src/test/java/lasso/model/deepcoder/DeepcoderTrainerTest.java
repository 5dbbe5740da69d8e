package lasso.model.deepcoder;

import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.ListDomain;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepcoderTrainerTest {

    static List<Generated<ListProgram, ListInput, Value>> tasks(int count, long seed) {
        var generator = new ListDomain().generator(Map.of("length", "2"));
        List<Generated<ListProgram, ListInput, Value>> tasks = new ArrayList<>();
        TaskGeneration.generate(generator, count, seed, 1, n -> tasks.add(n.task()));
        return tasks;
    }

    /** Records every epoch's training loss. */
    static final class Losses implements DeepcoderTrainer.Listener {
        final List<Double> firstBatches = new ArrayList<>();
        final List<Double> epochs = new ArrayList<>();

        @Override
        public void started(int epoch, long tasksPerEpoch, long totalBatches) {
        }

        @Override
        public void batch(int epoch, long tasksDone, double loss, double tasksPerSecond) {
            if (firstBatches.size() < epoch) {
                firstBatches.add(loss);
            }
        }

        @Override
        public void epoch(int epoch, double trainLoss, Evaluation validation, double seconds) {
            epochs.add(trainLoss);
        }
    }

    @Test
    void shortTrainingLowersTheLossAndSavedModelsPredictTheSame(@TempDir Path dir) throws Exception {
        List<Generated<ListProgram, ListInput, Value>> data = tasks(600, 1);
        var options = new DeepcoderTrainer.Options(4, 50, 3e-3, 7, true, 0.1, new AttributeNetwork.NetworkShape(8, 64, 3));
        Losses losses = new Losses();
        DeepcoderTrainer.Outcome outcome = DeepcoderTrainer.train(data, options, dir.resolve("checkpoint"), false, losses);
        assertEquals(4, losses.epochs.size());
        assertTrue(losses.epochs.get(3) < losses.firstBatches.get(0) * 0.8,
                "loss went from " + losses.firstBatches.get(0) + " to " + losses.epochs);
        List<List<lasso.domain.Example<ListInput, Value>>> probe = data.subList(0, 5).stream().map(Generated::examples).toList();
        try (DeepcoderModel trained = outcome.model()) {
            trained.save(dir.resolve("model"), outcome.record());
            List<double[]> before = trained.predict(probe);
            try (DeepcoderModel loaded = DeepcoderModel.load(dir.resolve("model"))) {
                List<double[]> after = loaded.predict(probe);
                for (int i = 0; i < before.size(); i++) {
                    assertArrayEquals(before.get(i), after.get(i), 0.0);
                }
                assertArrayEquals(trained.prior().frequencies(), loaded.prior().frequencies(), 0.0);
                assertEquals(600, loaded.metadata().get("training").get("tasks").asInt());
            }
        }
        assertTrue(Files.exists(dir.resolve("checkpoint").resolve("state.json")));
    }

    @Test
    void trainingIsDeterministicForASeedAndResumesExactly(@TempDir Path dir) throws Exception {
        List<Generated<ListProgram, ListInput, Value>> data = tasks(200, 2);
        var shape = new AttributeNetwork.NetworkShape(4, 32, 2);
        var twoEpochs = new DeepcoderTrainer.Options(2, 40, 3e-3, 5, true, 0.0, shape);
        var threeEpochs = new DeepcoderTrainer.Options(3, 40, 3e-3, 5, true, 0.0, shape);
        Losses a = new Losses();
        Losses b = new Losses();
        Losses resumed = new Losses();
        DeepcoderTrainer.train(data, twoEpochs, dir.resolve("a"), false, a).model().close();
        try (DeepcoderModel straight = DeepcoderTrainer.train(data, threeEpochs, dir.resolve("b"), false, b).model();
             DeepcoderModel continued = DeepcoderTrainer.train(data, threeEpochs, dir.resolve("a"), true, resumed).model()) {
            assertEquals(a.epochs, b.epochs.subList(0, 2));
            assertEquals(List.of(b.epochs.get(2)), resumed.epochs, "only the third epoch runs, as in the straight run");
            var expected = straight.djlModel().getBlock().getParameters();
            var actual = continued.djlModel().getBlock().getParameters();
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).getValue().getArray().toFloatArray(),
                        actual.get(i).getValue().getArray().toFloatArray(), "the same parameters, bit for bit");
            }
        }
    }
}
