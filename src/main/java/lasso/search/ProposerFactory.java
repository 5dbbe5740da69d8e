package lasso.search;

import lasso.domain.Domain;

/**
 * Makes the synthesizers of one or more domains. Factories register in
 * {@code META-INF/services/lasso.search.ProposerFactory}; {@link Proposers} picks the one with the
 * highest priority that supports a domain, so adding a domain or a model touches no actor.
 */
public interface ProposerFactory {

    /** The name a configuration or a command line picks it by ({@code enumerative}, {@code generator}). */
    String name();

    /** Whether it can propose programs of this domain (for a model: whether its weights are there). */
    boolean supports(Domain<?, ?, ?> domain);

    /** Higher wins among the factories that support a domain; the generic generator sampler has 0. */
    int priority();

    <P, I, O> CandidateProposer<P, I, O> create(Domain<P, I, O> domain);
}
