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

    private static final long STEPS = 4;

    /** Decayed learning rate, 4 batches a pass, 2 of 3 examples per task: every part of the schedule and data order. */
    private static SynthesizerTrainer.Options options(long steps) {
        return new SynthesizerTrainer.Options(steps, 4, 1e-2, 0.5, 3, 5, 2, 3, 100, 0);
    }

    /** The parameters after training from seed 5: straight to {@code 2 * STEPS}, or halfway and resumed. */
    private static List<float[]> trained(Path checkpoint, boolean interrupted, boolean dropAdamState) throws IOException {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-lasynth", 5)) {
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 14, 6).stream()
                    .map(t -> new SynthesizerTrainer.Task<>(t.program(), t.examples().subList(0, 3))).toList();
            if (interrupted) {
                SynthesizerTrainer.train(synthesizer, tasks, List.of(), options(STEPS), checkpoint, false,
                        NeuralSynthesizerTest.QUIET, (program, examples) -> true);
                if (dropAdamState) {
                    Files.delete(checkpoint.resolve(AdamMoments.COUNTS));
                    Files.delete(checkpoint.resolve(AdamMoments.ARRAYS));
                }
            }
            try (NeuralSynthesizer<Object, Object, Object> fresh = TinyModels.create("c-lasynth", 5)) {
                NeuralSynthesizer<Object, Object, Object> trainee = interrupted ? fresh : synthesizer;
                SynthesizerTrainer.train(trainee, tasks, List.of(), options(2 * STEPS), checkpoint, interrupted,
                        NeuralSynthesizerTest.QUIET, (program, examples) -> true);
                List<float[]> parameters = new ArrayList<>();
                for (Pair<String, Parameter> parameter : trainee.network().getParameters()) {
                    parameters.add(parameter.getValue().getArray().toFloatArray());
                }
                return parameters;
            }
        }
    }

    @Test
    void aResumedRunEndsWithTheParametersOfTheUninterruptedOne(@TempDir Path directory) throws IOException {
        List<float[]> straight = trained(directory.resolve("straight"), false, false);
        List<float[]> resumed = trained(directory.resolve("resumed"), true, false);
        assertEquals(straight.size(), resumed.size());
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i), resumed.get(i), "parameter " + i + " is bit for bit the same");
        }
    }

    @Test
    void aCheckpointWithoutAdamStateResumesWithFreshMomentsAndSaysSo(@TempDir Path directory) throws IOException {
        List<float[]> straight = trained(directory.resolve("straight"), false, false);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<float[]> resumed;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            resumed = trained(directory.resolve("old"), true, true);
        } finally {
            System.setErr(stderr);
        }
        String note = captured.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("no optimizer state") && note.contains("moments restart"), note);
        boolean differs = false;
        for (int i = 0; i < straight.size(); i++) {
            differs |= !Arrays.equals(straight.get(i), resumed.get(i));
        }
        assertTrue(differs, "fresh moments change the updates (so the exact test above depends on the saved ones)");
        assertTrue(Files.exists(directory.resolve("old").resolve(AdamMoments.COUNTS)), "its next checkpoint has them");
    }
}
