package lasso.api;

import io.grpc.stub.ServerCallStreamObserver;
import lasso.api.v1.JobEvent;
import lasso.runtime.JobResult;

/**
 * A job's events on a server stream, with backpressure: while the client does not read, only the
 * latest progress is kept (older snapshots are dropped, never queued); the result is always sent,
 * and ends the stream.
 */
final class EventStream {

    private final ServerCallStreamObserver<JobEvent> call;
    private JobResult pending;
    private boolean done;

    EventStream(ServerCallStreamObserver<JobEvent> call) {
        this.call = call;
        call.setOnReadyHandler(this::drain);
    }

    synchronized void offer(JobResult snapshot) {
        if (!done) {
            pending = snapshot;
            drain();
        }
    }

    synchronized void fail(Throwable failure) {
        if (!done) {
            done = true;
            call.onError(Statuses.of(failure));
        }
    }

    private synchronized void drain() {
        if (done || pending == null) {
            return;
        }
        if (call.isCancelled()) {
            done = true;
            return;
        }
        boolean last = pending.state().isFinal();
        if (!last && !call.isReady()) {
            return;
        }
        call.onNext(JobResults.toEvent(pending));
        pending = null;
        if (last) {
            done = true;
            call.onCompleted();
        }
    }
}
