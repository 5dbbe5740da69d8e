package lasso.search.deepcoder.bench;

import lasso.domain.TaskGeneration;
import lasso.domain.list.ListTaskGenerator;
import lasso.search.deepcoder.Budget;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.Prior;
import lasso.search.deepcoder.SearchControl;
import lasso.search.deepcoder.SearchProblem;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * DFS throughput on one thread at M = 5: exhaustive search to length 3 (no program is accepted, so
 * the whole tree is walked) on a generated task per input signature. The {@code nodes} counter is
 * the rate in nodes per second; {@code ./lasso jmh -f 1 -wi 3 -i 5 Deepcoder}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeepcoderDfsBenchmark {

    /** Index into the six input signatures: [L], [L,I], [L,L], [L,I,I], [L,L,I], [L,L,L]. */
    @Param({"0", "2", "5"})
    public int signature;

    private SearchProblem problem;
    private final DeepcoderSearch search = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, 3, 1);
    private final double[] uniform = Prior.uniform().frequencies();

    /** Nodes expanded, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Nodes {
        public long nodes;

        @Setup(Level.Iteration)
        public void clear() {
            nodes = 0;
        }
    }

    @Setup
    public void setUp() {
        ListTaskGenerator generator = ListTaskGenerator.fromOptions(Map.of("length", "3"));
        for (int i = 0; problem == null; i++) {
            var task = TaskGeneration.one(generator, 2017, i).task();
            if (ListTaskGenerator.SIGNATURES.indexOf(task.program().inputs()) == signature) {
                problem = new SearchProblem(task.examples());
            }
        }
    }

    @Benchmark
    public long exhaustiveDfs(Nodes counter) {
        long nodes = search.run(problem, uniform, new SearchControl(Budget.UNLIMITED), (program, n) -> true).nodes();
        counter.nodes += nodes;
        return nodes;
    }
}
