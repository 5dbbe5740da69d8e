package lasso.api;

import lasso.domain.Domain;
import lasso.domain.Example;

/**
 * Converts one domain's examples between the API's typed messages and the domain's values. Codecs
 * register in {@code META-INF/services/lasso.api.ExampleCodec}.
 */
public interface ExampleCodec<I, O> {

    Domain<?, I, O> domain();

    /**
     * The example a message describes (not held out; the job marks held-out ones).
     *
     * @param field the message's path in the request, e.g. {@code job.given[2]}, for error messages
     * @throws IllegalArgumentException naming the field and what is wrong with it
     */
    Example<I, O> decode(lasso.api.v1.Example example, String field);

    lasso.api.v1.Example encode(Example<I, O> example);
}
