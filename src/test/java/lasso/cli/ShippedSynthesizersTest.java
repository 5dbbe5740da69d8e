package lasso.cli;

import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.model.synthesis.SynthesisEvaluation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C synthesizers in models/ load with today's network (their LSTMs were saved as DJL blocks) and
 * still solve, greedily, four tasks of data/c/c-test.jsonl that each of them solved when it was trained.
 */
class ShippedSynthesizersTest {

    private static final Set<String> SOLVED = Set.of("e8f95af5922544bf", "1a7078c8b58b650c", "0b332edf6173e2cb",
            "8d77b8f78a76e727");

    @ParameterizedTest
    @ValueSource(strings = {"c-lasynth", "c-noexecutor", "c-robustfill"})
    void loadsAndSolvesTasksItSolvedWhenShipped(String name) throws Exception {
        Path directory = ShippedModels.find(name).orElseThrow();
        try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(directory)) {
            assertAllSolved(synthesizer);
        }
    }

    private static <P, I, O> void assertAllSolved(NeuralSynthesizer<P, I, O> synthesizer) throws Exception {
        List<SynthesisEvaluation.Case<P, I, O>> cases = EvalCommand.cases(synthesizer.domain(),
                Path.of("data", "c", "c-test.jsonl"), null).stream().filter(c -> SOLVED.contains(c.id())).toList();
        assertEquals(SOLVED.size(), cases.size());
        List<SynthesisEvaluation.Result<P>> results = SynthesisEvaluation.run(synthesizer, cases, 1, 16, done -> { });
        for (int i = 0; i < cases.size(); i++) {
            assertTrue(results.get(i).generalizes(), synthesizer.config().name() + " on " + cases.get(i).id()
                    + ": " + results.get(i).answer());
        }
    }
}
