package lasso.model.synthesis;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import lasso.model.AdamMoments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resumed run gives the parameters of the uninterrupted one; a checkpoint without Adam's state still resumes. */
class SynthesizerResumeTest {

    /** Decayed learning rate, 4 batches a pass, 2 of 3 examples per task: every part of the schedule and data order. */
    private static SynthesizerTrainer.Options options(long steps) {
        return new SynthesizerTrainer.Options(steps, 4, 1e-2, 0.5, 3, 5, 2, 3, 100, 0);
    }

    /**
     * The parameters after runs from seed 5 to each of {@code steps} in turn, every run after the first
     * resuming the last one's checkpoint; with {@code oldFirst}, the first checkpoint loses Adam's state.
     */
    private static List<float[]> trained(Path checkpoint, boolean oldFirst, long... steps) throws IOException {
        List<float[]> parameters = new ArrayList<>();
        for (int run = 0; run < steps.length; run++) {
            try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-lasynth", 5)) {
                List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 14, 6).stream()
                        .map(t -> new SynthesizerTrainer.Task<>(t.program(), t.examples().subList(0, 3))).toList();
                SynthesizerTrainer.train(synthesizer, tasks, List.of(), options(steps[run]), checkpoint, run > 0,
                        NeuralSynthesizerTest.QUIET, (program, examples) -> true);
                if (oldFirst && run == 0) {
                    Files.delete(checkpoint.resolve(AdamMoments.COUNTS));
                    Files.delete(checkpoint.resolve(AdamMoments.ARRAYS));
                }
                parameters.clear();
                for (Pair<String, Parameter> parameter : synthesizer.network().getParameters()) {
                    parameters.add(parameter.getValue().getArray().toFloatArray());
                }
            }
        }
        return parameters;
    }

    private static void assertSame(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i + " is bit for bit the same");
        }
    }

    @Test
    void aResumedRunEndsWithTheParametersOfTheUninterruptedOne(@TempDir Path directory) throws IOException {
        assertSame(trained(directory.resolve("straight"), false, 8), trained(directory.resolve("resumed"), false, 4, 8));
    }

    @Test
    void aCheckpointWithoutAdamStateResumesWithFreshMomentsSaysSoAndWritesThem(@TempDir Path directory)
            throws IOException {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<float[]> old;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            old = trained(directory.resolve("old"), true, 4, 8);
        } finally {
            System.setErr(stderr);
        }
        String note = captured.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("no optimizer state") && note.contains("moments restart"), note);
        List<float[]> straight = trained(directory.resolve("straight"), false, 8);
        boolean differs = false;
        for (int i = 0; i < straight.size(); i++) {
            differs |= !Arrays.equals(straight.get(i), old.get(i));
        }
        assertTrue(differs, "fresh moments change the updates (so the exact test above depends on the saved ones)");
        assertSame(trained(directory.resolve("old-once"), true, 4, 10),
                trained(directory.resolve("old-then-new"), true, 4, 8, 10));
    }
}
