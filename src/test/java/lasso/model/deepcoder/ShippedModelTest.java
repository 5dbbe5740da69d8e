package lasso.model.deepcoder;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.Attribute;
import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListDomain;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Value;
import lasso.search.deepcoder.Budget;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.SearchControl;
import lasso.search.deepcoder.SearchProblem;
import lasso.search.deepcoder.SolutionSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weights shipped in models/deepcoder-t3 load, rank a program's attributes high and guide search. */
class ShippedModelTest {

    static final Path SHIPPED = Path.of("models", "deepcoder-t3");
    private static DeepcoderModel model;

    @BeforeAll
    static void load() throws Exception {
        model = DeepcoderModel.load(SHIPPED);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void itRecordsHowItWasTrained() {
        var training = model.metadata().get("training");
        assertTrue(training.get("command").asText().startsWith("./lasso train --model deepcoder"));
        assertEquals(new AttributeNetwork.NetworkShape(20, 256, 3), model.network().shape());
        assertTrue(training.get("test").get("mean_auc").asDouble() > 0.8);
    }

    @Test
    void theAttributesOfAKnownProgramRankAboveChance() throws ProgramSyntaxException {
        // Fig. 1 without its last statement: FILTER(<0), MAP(*4), SORT.
        ListProgram program = new ListDomain().parse("LIST|FILTER,<0,0|MAP,*4,1|SORT,2");
        var examples = new ExampleSampler(1, 20).sample(program, 5, new SplittableRandom(1)).orElseThrow();
        double[] p = model.predict(new SearchProblem(examples));
        double present = 0;
        double absent = 0;
        int rankedAbove = 0;
        int pairs = 0;
        for (Attribute in : program.attributes()) {
            present += p[in.ordinal()];
            for (Attribute out : Attribute.values()) {
                if (!program.attributes().contains(out)) {
                    pairs++;
                    rankedAbove += p[in.ordinal()] > p[out.ordinal()] ? 1 : 0;
                }
            }
        }
        for (Attribute out : Attribute.values()) {
            absent += program.attributes().contains(out) ? 0 : p[out.ordinal()];
        }
        present /= program.attributes().size();
        absent /= Attribute.COUNT_ALL - program.attributes().size();
        assertTrue(present > 2 * absent, "present " + present + " vs absent " + absent);
        assertTrue(rankedAbove > 0.8 * pairs, rankedAbove + " of " + pairs + " pairs ranked right");
    }

    @Test
    void itGuidesSearchToFewerNodesThanThePrior() {
        var generator = new ListDomain().generator(Map.of("length", "3"));
        List<Generated<ListProgram, ListInput, Value>> tasks = new ArrayList<>();
        TaskGeneration.generate(generator, 12, 99, 1, n -> tasks.add(n.task()));
        long network = 0;
        long prior = 0;
        DeepcoderSearch search = new DeepcoderSearch(DeepcoderSearch.Strategy.SORT_AND_ADD, 3, 1);
        for (Generated<ListProgram, ListInput, Value> task : tasks) {
            SearchProblem problem = new SearchProblem(task.examples());
            var guided = search.run(problem, model.predict(problem), new SearchControl(Budget.nodes(20_000_000)), SolutionSink.FIRST);
            var baseline = search.run(problem, model.prior().frequencies(), new SearchControl(Budget.nodes(20_000_000)), SolutionSink.FIRST);
            assertTrue(guided.solved(), task.program().toString());
            network += guided.nodesToFirst();
            prior += baseline.solved() ? baseline.nodesToFirst() : baseline.nodes();
        }
        assertTrue(network * 2 < prior, "network " + network + " nodes, prior " + prior);
    }
}
