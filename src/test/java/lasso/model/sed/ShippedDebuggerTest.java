package lasso.model.sed;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.domain.Trace;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CProgram;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.ShippedModels;
import lasso.search.Candidate;
import lasso.search.Editors;
import lasso.search.MutationEditor;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
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

    /**
     * A request decodes the same alone and in a batch: each of 16 mutants of generated C programs gets
     * the same edits alone as in one batch with the others (each task's edit script may grow only to
     * its own program's length, not to the batch's longest: `bench neural --model c-sed` found jobs
     * whose edits changed with their batch).
     */
    @Test
    void eachProgramGetsTheSameEditsAloneAndInABatch() throws IOException {
        CDomain c = (CDomain) Domains.named("c");
        TaskGenerator<CProgram, CArray, CArray> generator = c.generator(Map.of("max-statements", "3",
                "max-locals", "0", "max-tokens", "48", "max-depth", "1"));
        Repairs<CProgram, CArray, CArray> repairs = new Repairs<>(c, c);
        List<EditInput<CArray, CArray>> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            TaskGenerator.Generated<CProgram, CArray, CArray> task = TaskGeneration.one(generator, 7, i).task();
            List<Example<CArray, CArray>> given = task.examples().stream().filter(e -> !e.heldout()).limit(5).toList();
            CProgram mutant = c.mutator().mutateChain(task.program(), new SplittableRandom(i)).orElseThrow();
            List<Trace<?>> traces = given.stream().<Trace<?>>map(e -> c.trace(mutant, e.input())).toList();
            inputs.add(new EditInput<>(given, repairs.ids(mutant), traces));
        }
        try (NeuralDebugger<?, ?, ?> loaded = NeuralDebugger.load(ShippedModels.resolve("c-sed"))) {
            @SuppressWarnings("unchecked")
            NeuralDebugger<CProgram, CArray, CArray> debugger = (NeuralDebugger<CProgram, CArray, CArray>) loaded;
            List<List<Decoded<CProgram>>> batched = debugger.decode(inputs, 16, t -> false);
            for (int i = 0; i < inputs.size(); i++) {
                List<Decoded<CProgram>> alone = debugger.decode(List.of(inputs.get(i)), 16, t -> false).get(0);
                assertEquals(programs(alone), programs(batched.get(i)), "program " + i + " of "
                        + inputs.get(i).program().length + " tokens");
            }
        }
    }

    private static List<CProgram> programs(List<Decoded<CProgram>> decoded) {
        return decoded.stream().map(Decoded::program).toList();
    }
}
