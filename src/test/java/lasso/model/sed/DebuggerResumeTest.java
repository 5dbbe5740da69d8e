package lasso.model.sed;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A debugger's resumed run ends with the parameters of the uninterrupted one. */
class DebuggerResumeTest {

    /** The parameters after 6 steps from seed 7: straight, or 3 steps and a resumed run. */
    private static List<float[]> trained(Path checkpoint, boolean interrupted) throws IOException {
        Repairs<Object, Object, Object> repairs = TinyDebuggers.repairs("karel");
        List<RepairExample<Object, Object>> examples = TinyDebuggers.mutated(repairs,
                TinyDebuggers.sources(repairs, 8, 11), 11);
        if (interrupted) {
            try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create("karel-sed", true, 7)) {
                train(debugger, examples, 3, checkpoint, false);
            }
        }
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create("karel-sed", true, 7)) {
            train(debugger, examples, 6, checkpoint, interrupted);
            List<float[]> parameters = new ArrayList<>();
            for (Pair<String, Parameter> parameter : debugger.network().getParameters()) {
                parameters.add(parameter.getValue().getArray().toFloatArray());
            }
            return parameters;
        }
    }

    /** Batches of 4 of the 8 repairs, the learning rate halved every 2 steps. */
    private static void train(NeuralDebugger<Object, Object, Object> debugger, List<RepairExample<Object, Object>> examples,
                              long steps, Path checkpoint, boolean resume) throws IOException {
        DebuggerTrainer.train(debugger, Repairs.fixedBatches(examples, 1), List.of(), (index, program) -> false,
                new DebuggerTrainer.Options(steps, 4, 0.01, 0.5, 2, 5, 100), checkpoint, resume, TinyDebuggers.QUIET);
    }

    @Test
    void aResumedRunEndsWithTheParametersOfTheUninterruptedOne(@TempDir Path directory) throws IOException {
        List<float[]> straight = trained(directory.resolve("straight"), false);
        List<float[]> resumed = trained(directory.resolve("resumed"), true);
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i), resumed.get(i), "parameter " + i + " is bit for bit the same");
        }
    }
}
