package lasso.cli;

import lasso.domain.TaskGeneration;
import lasso.domain.list.ListTaskGenerator;
import lasso.search.deepcoder.Budget;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.Prior;
import lasso.search.deepcoder.SearchControl;
import lasso.search.deepcoder.SearchProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The list domain's hot path: exhaustive DFS (every program up to length 3, none accepted as final)
 * on generated T = 3 tasks with M = 5 examples, one per input signature, on one thread.
 */
final class ListSearchWorkload implements PerfCommand.Workload {

    static final int LENGTH = 3;
    static final long SEED = 2017;

    private final List<SearchProblem> problems = new ArrayList<>();
    private final DeepcoderSearch search = new DeepcoderSearch(DeepcoderSearch.Strategy.DFS, LENGTH, 1);
    private final double[] uniform = Prior.uniform().frequencies();
    private int next;

    ListSearchWorkload() {
        ListTaskGenerator generator = ListTaskGenerator.fromOptions(Map.of("length", Integer.toString(LENGTH)));
        for (int i = 0; problems.size() < ListTaskGenerator.SIGNATURES.size() && i < 10_000; i++) {
            var task = TaskGeneration.one(generator, SEED, i).task();
            int signature = ListTaskGenerator.SIGNATURES.indexOf(task.program().inputs());
            if (signature == problems.size()) {
                problems.add(new SearchProblem(task.examples()));
            }
        }
    }

    @Override
    public String unit() {
        return "nodes";
    }

    @Override
    public String describe() {
        return "list: exhaustive DFS to length " + LENGTH + " on " + problems.size()
                + " generated tasks (one per input signature), M = 5 examples, 1 thread; a node is one statement "
                + "on all 5 examples plus the comparison with the outputs";
    }

    @Override
    public long runBatch() {
        SearchProblem problem = problems.get(next++ % problems.size());
        return search.run(problem, uniform, new SearchControl(Budget.UNLIMITED), (program, nodes) -> true).nodes();
    }
}
