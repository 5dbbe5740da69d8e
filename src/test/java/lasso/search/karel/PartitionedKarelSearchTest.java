package lasso.search.karel;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.Editors;
import lasso.search.Evaluator;
import lasso.search.Proposers;
import lasso.search.Search;
import lasso.search.SearchRunner;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Karel searches with their programs split over several shards, on generated tasks: whatever the
 * number of shards, the same rounds, the same counts and the same program, and never a program
 * evaluated twice (each shard's seen-set holds only its own hash range).
 */
class PartitionedKarelSearchTest {

    private static final KarelDomain KAREL = (KarelDomain) Domains.named("karel");

    @Test
    void shardsChangeNothingButWhereTheProgramsAreKept() {
        long expanded = 0;
        for (int index = 0; index < 8; index++) {
            TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = TaskGeneration.one(
                    KAREL.generator(Map.of("max-rows", "8", "max-cols", "8", "max-tokens", "30")), 5, index).task();
            SearchRunner<KarelProgram, KarelGrid, KarelGrid> runner = new SearchRunner<>(
                    new Evaluator<>(KAREL, task.examples().stream().filter(e -> !e.heldout()).toList(),
                            task.examples().stream().filter(Example::heldout).toList()),
                    Proposers.create(KAREL, "enumerative"), Editors.create(KAREL, null));
            for (int perRound : new int[] {1, 3}) {
                SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 40, 2000, 600_000, 48, 8, 3, perRound);
                Search<KarelProgram> one = runner.run(settings, 1);
                Search<KarelProgram> five = runner.run(settings, 5);
                String where = "task " + index + ", " + perRound + " expansions a round";
                assertEquals(one.stopReason(), five.stopReason(), where);
                assertEquals(one.best().map(b -> KAREL.print(b.program())), five.best().map(b -> KAREL.print(b.program())), where);
                assertEquals(one.evaluated(), five.evaluated(), where);
                assertEquals(one.expansions(), five.expansions(), where);
                assertEquals(one.proposed(), five.proposed(), where);
                assertEquals(one.rounds(), five.rounds(), where);
                expanded += one.expansions();
            }
        }
        assertTrue(expanded > 0, "some tasks needed the debugger");
    }
}
