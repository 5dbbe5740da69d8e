package lasso.search.deepcoder;

import lasso.domain.list.Attribute;
import lasso.domain.list.Operator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Orderings derived from attribute probabilities (paper §4.4): a concrete operator scores the
 * minimum of its function's and its lambda's probability; Sort-and-add adds attributes in order of
 * probability. Ties keep the operators' declaration order, so orderings are deterministic.
 */
public final class OperatorOrder {

    private OperatorOrder() {
    }

    public static double score(Operator op, double[] probabilities) {
        double p = probabilities[op.function().ordinal()];
        return op.lambda() == null ? p : Math.min(p, probabilities[op.lambda().ordinal()]);
    }

    /** All 38 operators, most probable first. */
    public static Operator[] byScore(double[] probabilities) {
        return restricted(probabilities, Set.of(Attribute.values()));
    }

    /** The operators whose function and lambda are all in {@code active}, most probable first. */
    public static Operator[] restricted(double[] probabilities, Set<Attribute> active) {
        List<Operator> ops = new ArrayList<>();
        for (Operator op : Operator.all()) {
            if (active.contains(op.function()) && (op.lambda() == null || active.contains(op.lambda()))) {
                ops.add(op);
            }
        }
        ops.sort(Comparator.comparingDouble((Operator op) -> -score(op, probabilities)));
        return ops.toArray(new Operator[0]);
    }

    /** The 34 attributes, most probable first. */
    public static List<Attribute> attributesByProbability(double[] probabilities) {
        List<Attribute> attributes = new ArrayList<>(List.of(Attribute.values()));
        attributes.sort(Comparator.comparingDouble((Attribute a) -> -probabilities[a.ordinal()]));
        return attributes;
    }
}
