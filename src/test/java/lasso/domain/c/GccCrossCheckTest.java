package lasso.domain.c;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static lasso.domain.c.CTestPrograms.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gcc is the ground truth: random programs (LaSynth's distribution, the whole language, mutants)
 * and the hand-written edge cases, compiled in one translation unit, must print what the
 * interpreter computes for every example it finishes.
 */
class GccCrossCheckTest {

    @Test
    void theInterpreterAgreesWithGcc(@TempDir Path folder) throws Exception {
        List<GccCrossCheck.Case> edge = GccCrossCheck.edgeCases();
        List<GccCrossCheck.Case> cases = new ArrayList<>(edge);
        cases.addAll(GccCrossCheck.randomCases(20240601L, 450));
        GccCrossCheck.Report report = GccCrossCheck.run(cases, folder);
        assertEquals(List.of(), report.mismatches(), () -> report.mismatches().stream()
                .map(m -> m.name() + " on " + m.input() + ": interpreter " + m.interpreter() + ", gcc " + m.gcc() + "\n" + m.program())
                .reduce("", (a, b) -> a + "\n" + b));
        assertEquals(cases.size(), report.programs());
        assertTrue(report.compared() > 3000, "compared " + report.compared());
        assertTrue(report.errors() > 100, "out-of-range indices are reported as errors: " + report.errors());
        assertTrue(report.timeouts() > 0, "the endless loop times out");
    }

    @Test
    void theEdgeCasesCoverTheSemanticCorners() {
        List<String> names = GccCrossCheck.edgeCases().stream().map(GccCrossCheck.Case::name).toList();
        for (String corner : List.of("wrap-around", "short-circuit", "shadowing", "continue and break", "else-if",
                "precedence", "index past the end", "negative index", "never ends")) {
            assertTrue(names.stream().anyMatch(name -> name.contains(corner)), corner + " in " + names);
        }
    }

    @Test
    void anExpectedFailureThatDoesNotHappenIsAMismatch(@TempDir Path folder) throws Exception {
        GccCrossCheck.Case wrong = new GccCrossCheck.Case("claims an error", parse("{ a[4] = 1; return a; }"),
                List.of(CArray.of(0, 0, 0, 0, 0)), "error");
        GccCrossCheck.Report report = GccCrossCheck.run(List.of(wrong), folder);
        assertEquals(1, report.mismatches().size());
        assertEquals("ok", report.mismatches().get(0).interpreter());
        assertEquals(1, report.compared());
    }
}
