package lasso.search;

import java.util.List;

/** One batch from a {@link CandidateStream}; {@code exhausted} says no further batch will come. */
public record Proposal<P>(List<Candidate<P>> candidates, boolean exhausted) {

    public Proposal {
        candidates = List.copyOf(candidates);
    }

    public static <P> Proposal<P> none() {
        return new Proposal<>(List.of(), false);
    }
}
