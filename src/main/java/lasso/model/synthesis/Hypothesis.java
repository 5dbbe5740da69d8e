package lasso.model.synthesis;

/** A finished beam: the token ids of a whole program and its log-probability under the model. */
public record Hypothesis(int[] tokens, double logProbability) {
}
