package lasso.model.synthesis;

import lasso.domain.Example;
import lasso.domain.c.CArray;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodingBatcherTest {

    @Test
    void concurrentRequestsAreDecodedTogetherAndEachGetsItsOwnResults() throws Exception {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("karel-lgrl", 2)) {
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 8, 6);
            List<List<Example<Object, Object>>> given = TinyModels.given(tasks);
            List<List<Decoded<Object>>> alone = new ArrayList<>();
            for (List<Example<Object, Object>> task : given) {
                alone.add(synthesizer.decode(List.of(task), 3).get(0));
            }
            String model = synthesizer.config().name();
            double[] before = batchSizes(model);
            // 8 requests fill a batch at once: the long wait only guards against a slow machine
            try (DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 8,
                    Duration.ofSeconds(30))) {
                List<CompletableFuture<List<Decoded<Object>>>> futures = new ArrayList<>();
                for (List<Example<Object, Object>> task : given) {
                    futures.add(batcher.decode(task, 3));
                }
                for (int i = 0; i < given.size(); i++) {
                    assertEquals(programs(alone.get(i)), programs(futures.get(i).get()), "task " + i + " gets its own beam");
                }
                assertTrue(batcher.stats().batches() < given.size(), "requests within the wait shared a batch: "
                        + batcher.stats());
                assertEquals(given.size(), batcher.stats().requests());
                double[] after = batchSizes(model);
                assertEquals(batcher.stats().batches(), after[0] - before[0], "the metrics saw each batch");
                assertEquals(given.size(), after[1] - before[1], 1e-9, "… and its size");
            }
        }
    }

    @Test
    void aRequestCancelledWhileWaitingIsNotDecoded() throws Exception {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-robustfill", 2)) {
            List<List<Example<Object, Object>>> given = TinyModels.given(TinyModels.tasks(synthesizer, 3, 6));
            // the first request waits for a second one (a batch of two) and is cancelled; two live ones fill the batch
            try (DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 2,
                    Duration.ofSeconds(30))) {
                CompletableFuture<List<Decoded<Object>>> gone = batcher.decode(given.get(0), 2);
                gone.cancel(false);
                CompletableFuture<List<Decoded<Object>>> kept = batcher.decode(given.get(1), 2);
                CompletableFuture<List<Decoded<Object>>> other = batcher.decode(given.get(2), 2);
                assertEquals(programs(synthesizer.decode(List.of(given.get(1)), 2).get(0)), programs(kept.get()));
                assertEquals(programs(synthesizer.decode(List.of(given.get(2)), 2).get(0)), programs(other.get()));
                assertEquals(new DecodingBatcher.Stats(1, 2, 0, 0), batcher.stats(), "only the live requests were decoded");
            }
        }
    }

    /** A decode of a wide beam over long programs is cut at the next step once its job has ended. */
    @Test
    void aRunningDecodeIsCutWhenItsJobEnds() throws Exception {
        SynthesizerTrainer.seed(3);
        @SuppressWarnings("unchecked")
        NeuralSynthesizer<Object, Object, Object> synthesizer = (NeuralSynthesizer<Object, Object, Object>)
                NeuralSynthesizer.create(TinyModels.config("c-robustfill").with(Map.of("max-length", "400")));
        try (synthesizer; DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 1,
                Duration.ZERO)) {
            List<List<Example<Object, Object>>> given = TinyModels.given(TinyModels.tasks(synthesizer, 2, 6));
            CompletableFuture<List<Decoded<Object>>> ended = batcher.decode(given.get(0), 128);
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (batcher.stats().inProgress() == 0 && !ended.isDone()) {
                assertTrue(System.nanoTime() < bound, "the decode starts");
                Thread.onSpinWait();
            }
            ended.cancel(false);
            // The worker is free again: the next request is decoded (after the cut one).
            assertEquals(programs(synthesizer.decode(List.of(given.get(1)), 2).get(0)),
                    programs(batcher.decode(given.get(1), 2).get(60, TimeUnit.SECONDS)));
            assertEquals(1, batcher.stats().abandoned(), "the cancelled request left its batch: " + batcher.stats());
        }
    }

    /** Two requests of 10 rows each fill a batch of 20 rows: four are decoded in two batches. */
    @Test
    void aBatchHoldsAtMostItsRowsAndARequestReadsAtMostItsExamples() throws Exception {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-robustfill", 2)) {
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 4, 6);
            try (DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 8, 20, 5,
                    Duration.ofSeconds(30))) {
                List<CompletableFuture<List<Decoded<Object>>>> futures = new ArrayList<>();
                for (SynthesizerTrainer.Task<Object, Object> task : tasks) {
                    futures.add(batcher.decode(task.examples(), 2)); // every example: the batcher reads five
                }
                for (int i = 0; i < tasks.size(); i++) {
                    assertEquals(programs(synthesizer.decode(List.of(tasks.get(i).examples().subList(0, 5)), 2).get(0)),
                            programs(futures.get(i).get(60, TimeUnit.SECONDS)), "task " + i + " read its first five");
                }
                assertEquals(2, batcher.stats().batches(), batcher.stats().toString());
                assertEquals(4, batcher.stats().requests());
                ExecutionException tooWide = assertThrows(ExecutionException.class,
                        () -> batcher.decode(tasks.get(0).examples(), 5).get());
                assertEquals("a beam of 5 over 5 examples needs 25 rows, more than a batch holds (20)",
                        tooWide.getCause().getMessage());
            }
        }
    }

    /** The batch size histogram of a model: batches and the sum of their sizes. */
    private static double[] batchSizes(String model) {
        return DecoderMetrics.BATCH_SIZE.collect().getDataPoints().stream()
                .filter(point -> model.equals(point.getLabels().get("model")))
                .map(point -> new double[] {point.getCount(), point.getSum()})
                .findFirst().orElse(new double[2]);
    }

    private static List<Object> programs(List<Decoded<Object>> decoded) {
        return decoded.stream().map(Decoded::program).toList();
    }

    @Test
    void aRequestTheNetworkCannotReadFailsAloneAndClosingFailsWhatWaits() throws Exception {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-robustfill", 2)) {
            List<List<Example<Object, Object>>> given = TinyModels.given(TinyModels.tasks(synthesizer, 2, 6));
            DecodingBatcher<Object, Object, Object> batcher = new DecodingBatcher<>(synthesizer, 4, Duration.ofMillis(50));
            List<Example<Object, Object>> noOutputs = List.of(new Example<>(CArray.of(1, 2, 3, 4, 5), null, false));
            CompletableFuture<List<Decoded<Object>>> bad = batcher.decode(noOutputs, 2);
            CompletableFuture<List<Decoded<Object>>> good = batcher.decode(given.get(0), 2);
            ExecutionException failure = assertThrows(ExecutionException.class, bad::get);
            assertTrue(failure.getCause().getMessage().contains("output"), failure.getCause().getMessage());
            assertTrue(good.get().size() <= 2);
            batcher.close();
            assertThrows(ExecutionException.class, () -> batcher.decode(given.get(1), 2).get());
        }
    }
}
