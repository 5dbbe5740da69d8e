package lasso.search.deepcoder;

/**
 * Gives, for a task's examples, the probability that each of the 34 attributes
 * ({@link lasso.domain.list.Attribute} order) appears in a program that solves it: the network's
 * prediction, or the prior (the same frequencies for every task).
 */
@FunctionalInterface
public interface AttributePredictor {

    double[] predict(SearchProblem problem);
}
