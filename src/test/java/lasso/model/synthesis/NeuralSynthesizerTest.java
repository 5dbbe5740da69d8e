package lasso.model.synthesis;

import java.nio.file.Files;

import ai.djl.util.Pair;

import ai.djl.nn.Parameter;

import ai.djl.ndarray.types.DataType;

import ai.djl.ndarray.NDArray;

import lasso.domain.Example;
import lasso.domain.karel.KarelSyntaxMask;
import lasso.domain.karel.KarelVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeuralSynthesizerTest {

    /** A few steps of training, so that the beam finds whole programs (an untrained network rambles). */
    @Test
    void beamSearchReturnsOnlyDistinctParsingProgramsBestFirst(@TempDir Path checkpoints) throws IOException {
        for (String preset : List.of("c-lasynth", "karel-lgrl")) {
            try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 11)) {
                List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 16, 5);
                SynthesizerTrainer.train(synthesizer, tasks, List.of(), new SynthesizerTrainer.Options(15, 16, 1e-2, 1,
                        1, 5, 5, 1, 100, 0), checkpoints.resolve(preset), false, QUIET, (program, examples) -> true);
                List<List<Decoded<Object>>> decoded = synthesizer.decode(TinyModels.given(tasks.subList(0, 3)), 6);
                assertEquals(3, decoded.size());
                for (List<Decoded<Object>> beam : decoded) {
                    assertFalse(beam.isEmpty(), preset + ": the beam finishes programs");
                    assertTrue(beam.size() <= 6);
                    Set<List<String>> distinct = new HashSet<>();
                    for (int i = 0; i < beam.size(); i++) {
                        // decode parses every program (it throws otherwise); round trip through the tokens
                        List<String> tokens = synthesizer.domain().tokens(beam.get(i).program());
                        assertTrue(distinct.add(tokens), "distinct programs");
                        assertTrue(beam.get(i).logProbability() <= 0);
                        if (i > 0) {
                            assertTrue(beam.get(i).logProbability() <= beam.get(i - 1).logProbability(), "best first");
                        }
                    }
                }
            }
        }
    }

    static final SynthesizerTrainer.Listener QUIET = new SynthesizerTrainer.Listener() {
        @Override
        public void step(long step, long steps, SynthesizerTrainer.Losses losses, double examplesPerSecond) {
        }

        @Override
        public void validated(long step, SynthesizerTrainer.Losses validation, double accuracy, double seconds) {
        }
    };

    /** A decoder whose logits favour one program token by token: beam 1 finds it, wider beams rank it first. */
    @Test
    void beamSearchFollowsTheLogitsUnderTheGrammar() {
        int[] wanted = {KarelVocabulary.DEF, KarelVocabulary.RUN, KarelVocabulary.M_OPEN, KarelVocabulary.REPEAT,
                KarelVocabulary.R_2 + 1, KarelVocabulary.R_OPEN, KarelVocabulary.FIRST_ACTION, KarelVocabulary.R_CLOSE,
                KarelVocabulary.M_CLOSE};
        for (int width : new int[] {1, 4}) {
            List<List<Hypothesis>> found = BeamSearch.search(new ScriptedState(wanted), 2, width, KarelVocabulary.SIZE,
                    KarelVocabulary.SIZE, 20, KarelSyntaxMask::new);
            for (List<Hypothesis> task : found) {
                assertArrayEquals(wanted, task.get(0).tokens());
                assertEquals(3 * Math.log(Math.exp(3) / (Math.exp(3) + 8)) + 2 * Math.log(Math.exp(3) / (Math.exp(3) + 9)),
                        task.get(0).logProbability(), 1e-5, "forced tokens cost nothing; REPEAT among 9 statements, "
                                + "R=3 among 9 counts, move among 9 statements, r) and m) among 10 choices each");
                assertTrue(task.size() <= width);
            }
        }
    }

    /** Task 0's job ends after three steps: its beam leaves the batch there; task 1 decodes on alone. */
    @Test
    void anAbandonedTaskLeavesTheBatchAtTheNextStep() {
        int[] wanted = {KarelVocabulary.DEF, KarelVocabulary.RUN, KarelVocabulary.M_OPEN, KarelVocabulary.FIRST_ACTION,
                KarelVocabulary.M_CLOSE};
        ScriptedState state = new ScriptedState(wanted);
        List<Integer> rowsFed = new ArrayList<>();
        List<List<Hypothesis>> found = BeamSearch.search(state, 2, 1, KarelVocabulary.SIZE, KarelVocabulary.SIZE, 20,
                KarelSyntaxMask::new, task -> {
                    if (task == 0) {
                        rowsFed.add(state.rows);
                    }
                    return task == 0 && state.step >= 3;
                });
        assertEquals(List.of(2, 2, 2, 2, 1), rowsFed, "two rows until task 0 is abandoned at step 3, then task 1's alone");
        assertTrue(found.get(0).isEmpty(), "the abandoned task finished nothing");
        assertArrayEquals(wanted, found.get(1).get(0).tokens());

        ScriptedState all = new ScriptedState(wanted);
        List<List<Hypothesis>> none = BeamSearch.search(all, 2, 1, KarelVocabulary.SIZE, KarelVocabulary.SIZE, 20,
                KarelSyntaxMask::new, task -> all.step >= 2);
        assertEquals(2, all.step, "a batch whose tasks are all abandoned stops at the next step");
        assertTrue(none.stream().allMatch(List::isEmpty));
    }

    /** Logits of 3 for the wanted token at each step (for every row), 0 for all others. */
    private static final class ScriptedState implements DecodingState {
        private final int[] wanted;
        private int rows = 2;
        private int step;

        ScriptedState(int[] wanted) {
            this.wanted = wanted;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public float[] step(int[] tokens) {
            assertEquals(rows, tokens.length);
            float[] logits = new float[rows * KarelVocabulary.SIZE];
            for (int r = 0; r < rows; r++) {
                if (step < wanted.length) {
                    logits[r * KarelVocabulary.SIZE + wanted[step]] = 3;
                }
            }
            step++;
            return logits;
        }

        @Override
        public void select(int[] parents) {
            rows = parents.length;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path directory) throws IOException {
        for (String preset : List.of("c-lasynth", "karel-lasynth", "c-lasynth:executor-cell=true")) {
            Path saved = directory.resolve(preset.replace(':', '-'));
            List<List<Example<Object, Object>>> given;
            List<List<Decoded<Object>>> before;
            try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 21)) {
                List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 2, 3);
                given = TinyModels.given(tasks);
                before = synthesizer.decode(given, 4);
                synthesizer.save(saved, null);
            }
            @SuppressWarnings("unchecked")
            NeuralSynthesizer<Object, Object, Object> loaded = (NeuralSynthesizer<Object, Object, Object>) NeuralSynthesizer.load(saved);
            try (loaded) {
                assertEquals(TinyModels.config(preset), loaded.config());
                List<List<Decoded<Object>>> after = loaded.decode(given, 4);
                assertEquals(before, after, preset + ": same programs with the same log-probabilities");
            }
        }
    }

    /** Shipped weights are stored in half precision: half the bytes, read back into single precision. */
    @Test
    void halfPrecisionWeightsLoadIntoSinglePrecisionWithTheirRoundedValues(@TempDir Path directory) throws IOException {
        Path full = directory.resolve("full");
        Path half = directory.resolve("half");
        float[] rounded;
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-lasynth", 22)) {
            NDArray first = synthesizer.network().getParameters().get(0).getValue().getArray();
            rounded = first.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray();
            synthesizer.save(full, null);
            synthesizer.save(half, null, true);
            assertEquals(DataType.FLOAT32, synthesizer.network().getParameters().get(0).getValue().getArray()
                    .getDataType(), "the network computes in single precision after saving");
        }
        long fullBytes = Files.size(full.resolve("synthesizer-0000.params"));
        long halfBytes = Files.size(half.resolve("synthesizer-0000.params"));
        assertTrue(halfBytes < 0.6 * fullBytes, halfBytes + " vs " + fullBytes + " bytes");
        @SuppressWarnings("unchecked")
        NeuralSynthesizer<Object, Object, Object> loaded = (NeuralSynthesizer<Object, Object, Object>) NeuralSynthesizer.load(half);
        try (loaded) {
            for (Pair<String, Parameter> parameter : loaded.network().getParameters()) {
                assertEquals(DataType.FLOAT32, parameter.getValue().getArray().getDataType(), parameter.getKey());
            }
            assertArrayEquals(rounded, loaded.network().getParameters().get(0).getValue().getArray().toFloatArray());
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(loaded, 2, 3);
            assertFalse(loaded.decode(TinyModels.given(tasks), 2).isEmpty(), "it decodes");
            loaded.save(directory.resolve("again"), null); // a loaded synthesizer saves again (retrain)
            try (NeuralSynthesizer<?, ?, ?> again = NeuralSynthesizer.load(directory.resolve("again"))) {
                assertArrayEquals(rounded, again.network().getParameters().get(0).getValue().getArray().toFloatArray());
            }
        }
    }

    @Test
    void tenTrainingStepsLowerTheLoss(@TempDir Path checkpoints) throws IOException {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-lasynth", 4)) {
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 16, 8);
            SynthesizerTrainer.Losses before = SynthesizerTrainer.evaluateLoss(synthesizer, tasks,
                    new SynthesizerTrainer.Options(10, 16, 1e-2, 1, 1, 5, 5, 1, 10, 0));
            List<Double> seen = new ArrayList<>();
            SynthesizerTrainer.train(synthesizer, tasks, tasks.subList(0, 4),
                    new SynthesizerTrainer.Options(10, 16, 1e-2, 1, 1, 5, 5, 1, 10, 4), checkpoints, false,
                    new SynthesizerTrainer.Listener() {
                        @Override
                        public void step(long step, long steps, SynthesizerTrainer.Losses losses, double examplesPerSecond) {
                            seen.add(losses.total());
                        }

                        @Override
                        public void validated(long step, SynthesizerTrainer.Losses validation, double accuracy, double seconds) {
                        }
                    }, (program, examples) -> true);
            assertEquals(10, seen.size());
            SynthesizerTrainer.Losses after = SynthesizerTrainer.evaluateLoss(synthesizer, tasks,
                    new SynthesizerTrainer.Options(10, 16, 1e-2, 1, 1, 5, 5, 1, 10, 0));
            assertTrue(after.total() < before.total() - 0.3, before + " -> " + after);
            assertTrue(after.execution() < before.execution(), "L_exec falls too");
            assertTrue(after.operation() < before.operation(), "and L_op");
            assertTrue(checkpoints.resolve("state.json").toFile().exists());
        }
    }
}
