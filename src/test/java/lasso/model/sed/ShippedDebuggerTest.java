package lasso.model.sed;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.Candidate;
import lasso.search.Editors;
import lasso.search.MutationEditor;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped debuggers: served by default, and what the Karel one has learned. */
class ShippedDebuggerTest {

    @Test
    void theShippedDebuggersAreEachDomainsDefault() {
        assertEquals("sed", Editors.factory(Domains.named("karel"), null).name());
        assertEquals("sed", Editors.factory(Domains.named("c"), null).name());
        assertEquals("mutation", Editors.factory(Domains.named("list"), null).name(), "no debugger ships for lists");
    }

    /**
     * Task 4 of the generated Karel test set (seed 1001) with one mutation of its program, as
     * {@code ./lasso eval-debugger --mutations 1} draws it: a best-first search with the shipped
     * debugger (16 edits per call) repairs it, exactly, within three calls; the random mutations, with
     * the same budget, do not.
     */
    @Test
    void bestFirstWithTheShippedDebuggerRepairsAOneMutationProgram() {
        KarelDomain karel = (KarelDomain) Domains.named("karel");
        TaskGenerator<KarelProgram, KarelGrid, KarelGrid> generator = karel.generator(Map.of("max-tokens", "30",
                "max-depth", "3"));
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = TaskGeneration.one(generator, 1001, 4).task();
        KarelProgram mutant = karel.mutator().mutateChain(task.program(), 1,
                new SplittableRandom(1_000_003L + 4 * 31L + 1)).orElseThrow();
        RepairEvaluation.Case<KarelProgram, KarelGrid, KarelGrid> repair = new RepairEvaluation.Case<>("task 4",
                task.examples().stream().filter(e -> !e.heldout()).toList(),
                task.examples().stream().filter(Example::heldout).toList(), task.program(),
                List.of(new Candidate<>(mutant, 0)));
        SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 3, 100_000, 600_000, 1, 16, 1);

        RepairEvaluation.Result<KarelProgram> neural = RepairEvaluation.one(karel, repair,
                Editors.create(karel, null), settings);
        assertTrue(neural.solvedAt() >= 1 && neural.solvedAt() <= 3, karel.print(mutant) + " -> " + neural);
        assertTrue(neural.exact() && neural.generalizes(), "back to " + karel.print(task.program()) + ": " + neural);

        RepairEvaluation.Result<KarelProgram> random = RepairEvaluation.one(karel, repair, new MutationEditor<>(karel),
                settings);
        assertEquals(-1, random.solvedAt(), "random mutations do not find it within three calls: " + random);
    }
}
