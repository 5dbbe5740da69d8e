package lasso.search;

import lasso.domain.Domain;

/**
 * Makes the debuggers of one or more domains, registered in
 * {@code META-INF/services/lasso.search.EditorFactory} and chosen by {@link Editors} like proposers.
 */
public interface EditorFactory {

    /** The name a configuration or a command line picks it by ({@code mutation}). */
    String name();

    boolean supports(Domain<?, ?, ?> domain);

    /** Higher wins among the factories that support a domain; the generic mutation editor has 0. */
    int priority();

    <P, I, O> Editor<P, I, O> create(Domain<P, I, O> domain);
}
