package lasso.model.synthesis;

import lasso.domain.Example;
import lasso.domain.c.CArray;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
            try (DecodingBatcher<List<Example<Object, Object>>, List<Decoded<Object>>> batcher = new DecodingBatcher<>(synthesizer, 8,
                    Duration.ofMillis(200))) {
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
            }
        }
    }

    @Test
    void aRequestCancelledWhileWaitingIsNotDecoded() throws Exception {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-robustfill", 2)) {
            List<List<Example<Object, Object>>> given = TinyModels.given(TinyModels.tasks(synthesizer, 2, 6));
            // the first request waits up to 1 s for a second one; it is cancelled long before that
            try (DecodingBatcher<List<Example<Object, Object>>, List<Decoded<Object>>> batcher = new DecodingBatcher<>(synthesizer, 2,
                    Duration.ofSeconds(1))) {
                CompletableFuture<List<Decoded<Object>>> gone = batcher.decode(given.get(0), 2);
                gone.cancel(false);
                List<Decoded<Object>> kept = batcher.decode(given.get(1), 2).get();
                assertEquals(programs(synthesizer.decode(List.of(given.get(1)), 2).get(0)), programs(kept));
                assertEquals(new DecodingBatcher.Stats(1, 1), batcher.stats(), "only the live request was decoded");
            }
        }
    }

    private static List<Object> programs(List<Decoded<Object>> decoded) {
        return decoded.stream().map(Decoded::program).toList();
    }

    @Test
    void aRequestTheNetworkCannotReadFailsAloneAndClosingFailsWhatWaits() throws Exception {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-robustfill", 2)) {
            List<List<Example<Object, Object>>> given = TinyModels.given(TinyModels.tasks(synthesizer, 2, 6));
            DecodingBatcher<List<Example<Object, Object>>, List<Decoded<Object>>> batcher = new DecodingBatcher<>(synthesizer, 4, Duration.ofMillis(50));
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
