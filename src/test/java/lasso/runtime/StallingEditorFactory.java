package lasso.runtime;

import lasso.domain.Domain;
import lasso.search.Editor;
import lasso.search.EditorFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A test debugger that never answers (a node about to die), chosen only by name ({@code stall}):
 * {@link #CALLED} opens at its first request.
 */
public final class StallingEditorFactory implements EditorFactory {

    static final CountDownLatch CALLED = new CountDownLatch(1);

    @Override
    public String name() {
        return "stall";
    }

    @Override
    public boolean supports(Domain<?, ?, ?> domain) {
        return true;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public <P, I, O> Editor<P, I, O> create(Domain<P, I, O> domain) {
        return request -> {
            CALLED.countDown();
            return new CompletableFuture<>();
        };
    }
}
