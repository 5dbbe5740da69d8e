package lasso.model.synthesis;

/** A program a synthesizer decoded, with its log-probability under the model. */
public record Decoded<P>(P program, double logProbability) {
}
