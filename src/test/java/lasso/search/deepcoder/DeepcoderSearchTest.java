package lasso.search.deepcoder;

import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import lasso.domain.list.Attribute;
import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListDomain;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Value;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepcoderSearchTest {

    private static final ListDomain DOMAIN = new ListDomain();

    static SearchProblem problem(String program, long seed) throws ProgramSyntaxException {
        ListProgram parsed = DOMAIN.parse(program);
        return new SearchProblem(new ExampleSampler(1, 20).sample(parsed, 5, new SplittableRandom(seed)).orElseThrow());
    }

    /** Probabilities that put the program's attributes at {@code in} and the rest at {@code out}. */
    static double[] knowing(String program, double in, double out) throws ProgramSyntaxException {
        double[] p = new double[Attribute.COUNT_ALL];
        java.util.Arrays.fill(p, out);
        for (Attribute attribute : DOMAIN.parse(program).attributes()) {
            p[attribute.ordinal()] = in;
        }
        return p;
    }

    private static void assertSolves(SearchProblem problem, ListProgram program) {
        for (Example<ListInput, Value> example : problem.examples()) {
            assertEquals(Outcome.ok(example.output()), DOMAIN.run(program, example.input()), program.toString());
        }
    }

    @Test
    void dfsFindsTheFigureOneProgram() throws ProgramSyntaxException {
        String text = "LIST|FILTER,<0,0|MAP,*4,1|SORT,2|REVERSE,3";
        SearchProblem problem = problem(text, 1);
        DeepcoderSearch.Result result = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 4, 1)
                .run(problem, knowing(text, 0.9, 0.1), new SearchControl(Budget.UNLIMITED), SolutionSink.FIRST);
        assertEquals(DeepcoderSearch.Status.SOLVED, result.status());
        assertSolves(problem, result.solutions().get(0));
        assertTrue(result.nodesToFirst() > 0 && result.nodesToFirst() <= result.nodes());
    }

    @Test
    void everyProgramFoundSatisfiesTheExamplesAndGeneratedTasksAreSolved() {
        var generator = DOMAIN.generator(Map.of("length", "2"));
        for (int i = 0; i < 30; i++) {
            var task = TaskGeneration.one(generator, 21, i).task();
            SearchProblem problem = new SearchProblem(task.examples());
            List<ListProgram> found = Collections.synchronizedList(new ArrayList<>());
            DeepcoderSearch.Result result = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 2, 1).run(problem,
                    Prior.uniform().frequencies(), new SearchControl(Budget.UNLIMITED), (program, nodes) -> found.add(program));
            assertEquals(DeepcoderSearch.Status.SOLVED, result.status());
            assertTrue(found.stream().anyMatch(p -> p.equals(task.program())) || !found.isEmpty());
            found.forEach(p -> assertSolves(problem, p));
        }
    }

    @Test
    void theOrderingDecidesHowSoonTheProgramIsFound() throws ProgramSyntaxException {
        String text = "LIST|INT|TAKE,1,0|MAP,*3,2|SCAN1L,max,3";
        SearchProblem problem = problem(text, 4);
        for (DeepcoderSearch.Strategy strategy : DeepcoderSearch.Strategy.values()) {
            DeepcoderSearch search = new DeepcoderSearch(strategy, 3, 1);
            long good = search.run(problem, knowing(text, 0.9, 0.1), new SearchControl(Budget.UNLIMITED), SolutionSink.FIRST).nodesToFirst();
            long bad = search.run(problem, knowing(text, 0.1, 0.9), new SearchControl(Budget.UNLIMITED), SolutionSink.FIRST).nodesToFirst();
            assertTrue(good > 0 && good * 20 < bad, strategy + ": " + good + " nodes with the right attributes first, " + bad + " last");
        }
    }

    @Test
    void aNodeBudgetStopsTheSearch() throws ProgramSyntaxException {
        SearchProblem impossible = new SearchProblem(List.of(Example.given(ListInput.of(Value.list(1)), Value.list(7, 7, 7))));
        DeepcoderSearch.Result limited = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 4, 1).run(impossible,
                Prior.uniform().frequencies(), new SearchControl(Budget.nodes(20_000)), SolutionSink.FIRST);
        assertEquals(DeepcoderSearch.Status.BUDGET, limited.status());
        assertTrue(limited.nodes() >= 20_000 && limited.nodes() < 20_000 + 2 * SearchControl.CHECK_INTERVAL, "" + limited.nodes());
        DeepcoderSearch.Result exhausted = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 2, 1).run(impossible,
                Prior.uniform().frequencies(), new SearchControl(Budget.time(Duration.ofSeconds(30))), SolutionSink.FIRST);
        assertEquals(DeepcoderSearch.Status.EXHAUSTED, exhausted.status());
        assertEquals(-1, exhausted.nodesToFirst());
    }

    @Test
    void aSearchCanBeCancelledFromAnotherThread() throws Exception {
        SearchProblem impossible = new SearchProblem(List.of(Example.given(ListInput.of(Value.list(1, 2, 3, 4, 5, 6, 7, 8)),
                Value.list(7, 7, 7, 7, 7, 7, 7, 7, 7))));
        SearchControl control = new SearchControl(Budget.UNLIMITED);
        AtomicReference<DeepcoderSearch.Result> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 6, 2)
                .run(impossible, Prior.uniform().frequencies(), control, SolutionSink.FIRST)));
        thread.start();
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (control.nodes() == 0 && System.nanoTime() < bound) {
            Thread.onSpinWait(); // until the search has started, however slow the machine
        }
        control.cancel();
        thread.join(5_000);
        assertEquals(DeepcoderSearch.Status.CANCELLED, result.get().status());
        assertTrue(control.nodes() > 0);
    }

    @Test
    void parallelWorkersCoverTheSameSpaceAsOne() throws ProgramSyntaxException {
        SearchProblem problem = problem("LIST|LIST|ZIPWITH,-,0,1|FILTER,>0,2", 6);
        double[] p = Prior.uniform().frequencies();
        List<ListProgram> one = Collections.synchronizedList(new ArrayList<>());
        List<ListProgram> two = Collections.synchronizedList(new ArrayList<>());
        DeepcoderSearch.Result single = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 2, 1)
                .run(problem, p, new SearchControl(Budget.UNLIMITED), (program, nodes) -> one.add(program));
        DeepcoderSearch.Result parallel = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 2, 2)
                .run(problem, p, new SearchControl(Budget.UNLIMITED), (program, nodes) -> two.add(program));
        assertEquals(single.nodes(), parallel.nodes());
        assertEquals(new java.util.HashSet<>(one), new java.util.HashSet<>(two));
        assertTrue(!one.isEmpty());
    }

    @Test
    void priorCountsAttributeFrequencies() throws ProgramSyntaxException {
        Prior prior = Prior.of(List.of(DOMAIN.parse("LIST|SORT,0"), DOMAIN.parse("LIST|SORT,0|MAP,+1,1")));
        double[] f = prior.frequencies();
        assertEquals(3 / 4.0, f[Attribute.SORT.ordinal()], 1e-9);
        assertEquals(2 / 4.0, f[Attribute.MAP.ordinal()], 1e-9);
        assertEquals(1 / 4.0, f[Attribute.HEAD.ordinal()], 1e-9);
        assertEquals(lasso.domain.list.Operator.SORT, OperatorOrder.byScore(f)[0]);
    }
}
