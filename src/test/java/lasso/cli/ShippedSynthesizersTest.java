package lasso.cli;

import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.model.synthesis.SynthesisEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C synthesizers in models/ load with today's network (their LSTMs were saved as DJL blocks) and
 * still solve, greedily, four tasks of data/c/c-test.jsonl that each of them solved when it was trained.
 */
class ShippedSynthesizersTest {

    /**
     * c-lasynth's greedy answers with the code it was trained with (before issue 14) on tasks where an
     * executor started from a zero cell state, as issue 14's models run it, answers otherwise.
     */
    private static final Map<String, String> LASYNTH_ANSWERS = Map.of(
            "385aa22de7a6ee9e", "{ int p_0 = 3 ; for ( p_0 = 3 ; p_0 <= 3 ; p_0 ++ ) { a [ p_0 ] = a [ p_0 ] ; "
                    + "a [ p_0 ] = - 3 ; } return a ; }",
            "88cb1a8b75a24001", "{ int p_0 = 4 ; a [ p_0 ] = a [ p_0 ] - a [ p_0 ] ; a [ p_0 ] = a [ p_0 ] ; return a ; }",
            "db9dc27b7678f792", "{ int p_0 = 1 ; for ( p_0 = 3 ; p_0 <= 3 ; p_0 ++ ) { ++ a [ p_0 ] ; } a [ p_0 ] ++ ; "
                    + "return a ; }",
            "cd2b93b856d377e0", "{ int p_0 = 3 ; for ( p_0 = 3 ; p_0 <= 3 ; p_0 ++ ) { a [ p_0 ] ++ ; } return a ; }");

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

    /** Its model.json predates issue 14, so its executor starts from the decoder's (h, c), as it was trained. */
    @Test
    void lasynthDecodesAsWithTheCodeItWasTrainedWith() throws Exception {
        try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(ShippedModels.find("c-lasynth").orElseThrow())) {
            assertTrue(synthesizer.config().executorCell());
            assertAnswers(synthesizer);
        }
    }

    private static <P, I, O> void assertAnswers(NeuralSynthesizer<P, I, O> synthesizer) throws Exception {
        List<SynthesisEvaluation.Case<P, I, O>> cases = EvalCommand.cases(synthesizer.domain(),
                Path.of("data", "c", "c-test.jsonl"), null).stream()
                .filter(c -> LASYNTH_ANSWERS.containsKey(c.id())).toList();
        assertEquals(LASYNTH_ANSWERS.size(), cases.size());
        List<SynthesisEvaluation.Result<P>> results = SynthesisEvaluation.run(synthesizer, cases, 1, 16, done -> { });
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(LASYNTH_ANSWERS.get(cases.get(i).id()),
                    String.join(" ", synthesizer.domain().tokens(results.get(i).answer())), cases.get(i).id());
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
