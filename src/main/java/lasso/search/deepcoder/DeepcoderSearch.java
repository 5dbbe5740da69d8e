package lasso.search.deepcoder;

import lasso.domain.list.Attribute;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Operator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enumerative searches of the DeepCoder paper over programs of up to {@code maxLength}
 * statements, guided by attribute probabilities (from the network or the prior):
 *
 * <ul>
 *   <li>{@link Strategy#DFS}: depth-first, children ordered by operator score;</li>
 *   <li>{@link Strategy#SORT_AND_ADD}: DFS restricted to the k most probable attributes, k growing by
 *       one attribute at a time until a program is found (each round re-explores).</li>
 * </ul>
 *
 * <p>With several threads, the first statements (the roots of disjoint subtrees) are handed out
 * in score order to workers that each keep their own register stack (deepcoder.md §6). A search is
 * cancellable and bounded through its {@link SearchControl}, and reports every program it finds
 * to a {@link SolutionSink}; it can therefore run inside an actor as a candidate proposer.
 */
public final class DeepcoderSearch {

    public enum Strategy { DFS, SORT_AND_ADD }

    /** How a search ended. */
    public enum Status {
        /** The sink was satisfied (it asked to stop) or, searching for all, at least one program was found. */
        SOLVED,
        /** The whole space was searched and nothing (more) was found. */
        EXHAUSTED,
        /** The node budget or the deadline ran out. */
        BUDGET,
        /** {@link SearchControl#cancel()} was called. */
        CANCELLED
    }

    /**
     * The outcome: the programs found, the nodes expanded in all, the nodes expanded until the first
     * program was found (-1 if none; with several threads the count of all workers at that moment),
     * and the time taken.
     */
    public record Result(Status status, List<ListProgram> solutions, long nodes, long nodesToFirst, long nanos) {

        public Result {
            solutions = List.copyOf(solutions);
        }

        public boolean solved() {
            return !solutions.isEmpty();
        }
    }

    private final Strategy strategy;
    private final int maxLength;
    private final int threads;

    public DeepcoderSearch(Strategy strategy, int maxLength, int threads) {
        if (maxLength < 1 || maxLength > ListProgram.MAX_VARIABLES - ListProgram.MAX_INPUTS) {
            throw new IllegalArgumentException("program length must be in 1.."
                    + (ListProgram.MAX_VARIABLES - ListProgram.MAX_INPUTS) + ", got " + maxLength);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.strategy = strategy;
        this.maxLength = maxLength;
        this.threads = threads;
    }

    /** Searches until the sink asks to stop, the space is exhausted, or the control says stop. */
    public Result run(SearchProblem problem, double[] probabilities, SearchControl control, SolutionSink sink) {
        if (probabilities.length != Attribute.COUNT_ALL) {
            throw new IllegalArgumentException("expected " + Attribute.COUNT_ALL + " attribute probabilities, got "
                    + probabilities.length);
        }
        long start = System.nanoTime();
        List<ListProgram> found = new ArrayList<>();
        AtomicLong firstAt = new AtomicLong(-1);
        AtomicLong before = new AtomicLong(); // nodes of earlier Sort-and-add rounds
        SolutionSink recording = (program, nodes) -> {
            synchronized (found) {
                found.add(program);
                if (firstAt.get() < 0) {
                    firstAt.set(before.get() + (threads == 1 ? nodes : Math.max(nodes, control.nodes())));
                }
            }
            return sink.found(program, nodes);
        };
        long nodes = 0;
        if (strategy == Strategy.DFS) {
            nodes = dfs(problem, OperatorOrder.byScore(probabilities), control, recording);
        } else {
            Set<Attribute> active = EnumSet.noneOf(Attribute.class);
            int previousOps = 0;
            for (Attribute next : OperatorOrder.attributesByProbability(probabilities)) {
                active.add(next);
                Operator[] order = OperatorOrder.restricted(probabilities, active);
                if (order.length == previousOps) {
                    continue; // the new attribute completes no operator yet: the same space again
                }
                previousOps = order.length;
                before.set(nodes);
                nodes += dfs(problem, order, control, recording);
                if (!found.isEmpty() || control.stopping()) {
                    break;
                }
            }
        }
        Status status;
        if (control.isCancelled()) {
            status = Status.CANCELLED;
        } else if (!found.isEmpty()) {
            status = Status.SOLVED;
        } else if (control.budgetExhausted()) {
            status = Status.BUDGET;
        } else {
            status = Status.EXHAUSTED;
        }
        return new Result(status, found, nodes, firstAt.get(), System.nanoTime() - start);
    }

    /** One full DFS over the operators in {@code order}; returns the nodes it expanded. */
    private long dfs(SearchProblem problem, Operator[] order, SearchControl control, SolutionSink sink) {
        if (threads == 1) {
            DfsEngine engine = new DfsEngine(problem, maxLength, order, control, sink);
            engine.run();
            return engine.nodes();
        }
        List<int[]> roots = new DfsEngine(problem, maxLength, order, control, sink).roots();
        AtomicInteger next = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        Operator[] operators = Operator.all().toArray(new Operator[0]);
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Thread(() -> {
                DfsEngine engine = new DfsEngine(problem, maxLength, order, control, sink);
                for (int i = next.getAndIncrement(); i < roots.size() && !control.stopping(); i = next.getAndIncrement()) {
                    int[] root = roots.get(i);
                    if (engine.runFrom(operators[root[0]], root[1], root[2])) {
                        break;
                    }
                }
                total.addAndGet(engine.nodes());
            }, "deepcoder-dfs-" + w);
            workers[w].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                control.cancel();
                Thread.currentThread().interrupt();
            }
        }
        return total.get();
    }

    @Override
    public String toString() {
        return strategy + " (T=" + maxLength + ", threads=" + threads + ")";
    }
}
