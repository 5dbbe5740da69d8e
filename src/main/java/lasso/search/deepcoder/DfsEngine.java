package lasso.search.deepcoder;

import lasso.domain.Example;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSemantics;
import lasso.domain.list.Operator;
import lasso.domain.list.Statement;
import lasso.domain.list.Type;
import lasso.domain.list.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * The depth-first enumerator's hot loop, one per thread. Registers live on a stack in one flat
 * {@code int[]} (variable-major, then example), so a node costs one statement on M examples: the
 * prefix is never recomputed. Children are tried in the order of {@code order}; a statement that
 * rejects any example (NULL consumed, value out of range) is pruned with its subtree. Nothing is
 * allocated per node.
 */
final class DfsEngine {

    private final int examples;
    private final int stride;
    private final int inputs;
    private final int maxLength;
    private final Operator[] order;
    private final Operator[] lastLevel;
    private final int[] memory;
    private final int[] target;
    private final Type targetType;
    private final SearchControl control;
    private final SolutionSink sink;
    private final List<Type> inputTypes;

    // Variables of each type currently on the stack.
    private final int[] ints;
    private final int[] lists;
    private int intCount;
    private int listCount;

    // The statement at each depth.
    private final Operator[] ops;
    private final int[] firstArgs;
    private final int[] secondArgs;

    private long nodes;
    private long unreported;

    DfsEngine(SearchProblem problem, int maxLength, Operator[] order, SearchControl control, SolutionSink sink) {
        List<Example<ListInput, Value>> given = problem.examples();
        this.examples = given.size();
        this.stride = 1 + problem.longestList();
        this.inputTypes = problem.inputTypes();
        this.inputs = inputTypes.size();
        this.maxLength = maxLength;
        this.order = order;
        this.targetType = problem.outputType();
        List<Operator> last = new ArrayList<>();
        for (Operator op : order) {
            if (op.output() == targetType) {
                last.add(op);
            }
        }
        this.lastLevel = last.toArray(new Operator[0]);
        this.control = control;
        this.sink = sink;
        int variables = inputs + maxLength;
        this.memory = new int[variables * examples * stride];
        this.target = new int[examples * stride];
        this.ints = new int[variables];
        this.lists = new int[variables];
        this.ops = new Operator[maxLength];
        this.firstArgs = new int[maxLength];
        this.secondArgs = new int[maxLength];
        for (int m = 0; m < examples; m++) {
            Example<ListInput, Value> example = given.get(m);
            for (int v = 0; v < inputs; v++) {
                ListSemantics.store(example.input().get(v), memory, base(v) + m * stride);
            }
            ListSemantics.store(example.output(), target, m * stride);
        }
        for (int v = 0; v < inputs; v++) {
            push(v, inputTypes.get(v));
        }
    }

    long nodes() {
        return nodes;
    }

    private int base(int variable) {
        return variable * examples * stride;
    }

    private void push(int variable, Type type) {
        if (type == Type.INT) {
            ints[intCount++] = variable;
        } else {
            lists[listCount++] = variable;
        }
    }

    private void pop(Type type) {
        if (type == Type.INT) {
            intCount--;
        } else {
            listCount--;
        }
    }

    /** Searches the whole tree; returns true if it stopped early (found and told to stop, or control). */
    boolean run() {
        boolean stopped = expand(0);
        flush();
        return stopped;
    }

    /** Searches the subtree under one first statement (a part of the space for a parallel worker). */
    boolean runFrom(Operator op, int first, int second) {
        boolean stopped = node(op, first, second, 0);
        flush();
        return stopped;
    }

    private void flush() {
        control.report(unreported);
        unreported = 0;
    }

    /** Tries every child of the current node; true means stop. */
    private boolean expand(int depth) {
        Operator[] candidates = depth == maxLength - 1 ? lastLevel : order;
        for (Operator op : candidates) {
            if (children(op, depth)) {
                return true;
            }
        }
        return false;
    }

    private boolean children(Operator op, int depth) {
        switch (op) {
            case TAKE, DROP, ACCESS -> {
                int ic = intCount;
                int lc = listCount;
                for (int i = 0; i < ic; i++) {
                    for (int l = 0; l < lc; l++) {
                        if (node(op, ints[i], lists[l], depth)) {
                            return true;
                        }
                    }
                }
            }
            case ZIPWITH_ADD, ZIPWITH_SUB, ZIPWITH_MUL, ZIPWITH_MIN, ZIPWITH_MAX -> {
                int lc = listCount;
                for (int i = 0; i < lc; i++) {
                    for (int l = 0; l < lc; l++) {
                        if (node(op, lists[i], lists[l], depth)) {
                            return true;
                        }
                    }
                }
            }
            default -> {
                int lc = listCount;
                for (int l = 0; l < lc; l++) {
                    if (node(op, lists[l], lists[l], depth)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One node: the statement on every example, the comparison with the target, then the subtree. */
    private boolean node(Operator op, int first, int second, int depth) {
        nodes++;
        if ((++unreported & (SearchControl.CHECK_INTERVAL - 1)) == 0) {
            boolean stop = control.report(unreported);
            unreported = 0;
            if (stop) {
                return true;
            }
        }
        int out = inputs + depth;
        int[] m = memory;
        int a = base(first);
        int b = base(second);
        int o = base(out);
        for (int e = 0; e < examples; e++) {
            if (ListSemantics.apply(op, m, a, b, o) != ListSemantics.OK) {
                return false;
            }
            a += stride;
            b += stride;
            o += stride;
        }
        ops[depth] = op;
        firstArgs[depth] = first;
        secondArgs[depth] = second;
        if (op.output() == targetType && matches(base(out)) && !report(depth + 1)) {
            return true;
        }
        if (depth + 1 < maxLength) {
            Type type = op.output();
            push(out, type);
            boolean stop = expand(depth + 1);
            pop(type);
            return stop;
        }
        return false;
    }

    private boolean matches(int o) {
        int[] m = memory;
        int[] t = target;
        if (targetType == Type.INT) {
            for (int e = 0, r = o, s = 0; e < examples; e++, r += stride, s += stride) {
                if (m[r] != t[s]) {
                    return false;
                }
            }
            return true;
        }
        for (int e = 0, r = o, s = 0; e < examples; e++, r += stride, s += stride) {
            int n = t[s];
            if (m[r] != n) {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                if (m[r + k] != t[s + k]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Hands the program on the stack to the sink; false means stop. */
    private boolean report(int length) {
        List<Statement> statements = new ArrayList<>(length);
        for (int d = 0; d < length; d++) {
            Operator op = ops[d];
            statements.add(op.arity() == 1 ? Statement.of(op, firstArgs[d]) : Statement.of(op, firstArgs[d], secondArgs[d]));
        }
        boolean more = sink.found(new ListProgram(inputTypes, statements), nodes);
        if (!more) {
            control.finish();
        }
        return more;
    }

    /** The first statements in search order: the disjoint parts of the space that workers share. */
    List<int[]> roots() {
        List<int[]> roots = new ArrayList<>();
        for (Operator op : maxLength == 1 ? lastLevel : order) {
            switch (op) {
                case TAKE, DROP, ACCESS -> {
                    for (int i = 0; i < intCount; i++) {
                        for (int l = 0; l < listCount; l++) {
                            roots.add(new int[] {op.ordinal(), ints[i], lists[l]});
                        }
                    }
                }
                case ZIPWITH_ADD, ZIPWITH_SUB, ZIPWITH_MUL, ZIPWITH_MIN, ZIPWITH_MAX -> {
                    for (int i = 0; i < listCount; i++) {
                        for (int l = 0; l < listCount; l++) {
                            roots.add(new int[] {op.ordinal(), lists[i], lists[l]});
                        }
                    }
                }
                default -> {
                    for (int l = 0; l < listCount; l++) {
                        roots.add(new int[] {op.ordinal(), lists[l], lists[l]});
                    }
                }
            }
        }
        return roots;
    }
}
