package lasso.client;

import lasso.domain.Domain;
import lasso.domain.Task;

import java.util.concurrent.CompletableFuture;

/**
 * Where tasks run as jobs: an embedded node ({@link InProcessJobs}) or Lasso servers
 * ({@link ServerJobs}). A job that ran, or that can never run (a bad task, a failed job), completes
 * with its result line; one that did not get an answer this time (servers unreachable after every
 * retry, a call that timed out) fails with {@link NotAnsweredException}, so that a later run may try
 * it again.
 */
public interface Jobs extends AutoCloseable {

    <I, O> CompletableFuture<ResultLine> solve(Domain<?, I, O> domain, Task<I, O> task);

    /** Where the jobs run, for summaries ({@code in-process}, {@code through HOST:PORT,…}). */
    String describe();

    /** Calls retried so far (busy or unreachable servers). */
    long retries();

    @Override
    void close();

    /** A job that got no answer; {@code code} is the gRPC status (or the failure's kind) of the last try. */
    final class NotAnsweredException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String code;

        public NotAnsweredException(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
