package lasso.model.synthesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching of beam searches across jobs: requests that arrive within {@code maxWait} of the
 * first one waiting (or until {@code maxBatch} are there) are decoded as one batch on one worker
 * thread, the model's only user. Requests are batched with others of the same beam width that the
 * decoder can read together ({@link BatchDecoder#batchable}: equally many examples); the rest wait for
 * the next batch, in arrival order. Synthesizers and debuggers are both served this way. A request the network cannot read fails alone, before it joins a batch; if a batch
 * fails anyway, its requests are decoded one by one so that only the bad one fails. A request whose
 * future is cancelled before its batch starts (its job is gone) is dropped undecoded.
 */
public final class DecodingBatcher<Q, R> implements AutoCloseable {

    private final BatchDecoder<Q, R> decoder;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final LinkedList<Request<Q, R>> queue = new LinkedList<>();
    private final Thread worker;
    private volatile boolean closed;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();

    private record Request<Q, R>(Q task, int width, CompletableFuture<R> result) {
    }

    /** What the batcher has done: batches decoded and requests served. */
    public record Stats(long batches, long requests) {

        public double meanBatch() {
            return batches == 0 ? 0 : (double) requests / batches;
        }
    }

    public DecodingBatcher(BatchDecoder<Q, R> decoder, int maxBatch, Duration maxWait) {
        if (maxBatch < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("a batch holds at least one request and waits no negative time");
        }
        this.decoder = decoder;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.worker = new Thread(this::work, "decoder-" + decoder.name());
        worker.setDaemon(true);
        worker.start();
    }

    public BatchDecoder<Q, R> decoder() {
        return decoder;
    }

    /** Beam search of width {@code width} on one request, decoded with whatever else is waiting. */
    public CompletableFuture<R> decode(Q task, int width) {
        CompletableFuture<R> result = new CompletableFuture<>();
        try {
            if (width < 1) {
                throw new IllegalArgumentException("beam width must be positive, not " + width);
            }
            decoder.check(task);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        lock.lock();
        try {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("the decoder of "
                        + decoder.name() + " is closed"));
                return result;
            }
            queue.add(new Request<>(task, width, result));
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return result;
    }

    public Stats stats() {
        return new Stats(batches.get(), decoded.get());
    }

    private void work() {
        while (true) {
            List<Request<Q, R>> batch;
            try {
                batch = next();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            run(batch);
        }
    }

    /** Waits for a first request, then up to {@code maxWait} for others like it; null once closed. */
    private List<Request<Q, R>> next() throws InterruptedException {
        lock.lock();
        try {
            while (dropCancelled()) {
                if (closed) {
                    return null;
                }
                arrived.await();
            }
            long deadline = System.nanoTime() + maxWaitNanos;
            while (matching(queue.getFirst()) < maxBatch && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                arrived.awaitNanos(left);
            }
            if (dropCancelled()) {
                return List.of();
            }
            Request<Q, R> first = queue.getFirst();
            List<Request<Q, R>> batch = new ArrayList<>();
            for (Iterator<Request<Q, R>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
                Request<Q, R> request = it.next();
                if (alike(first, request)) {
                    batch.add(request);
                    it.remove();
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the requests cancelled while waiting; whether the queue is then empty. */
    private boolean dropCancelled() {
        queue.removeIf(request -> request.result().isCancelled());
        return queue.isEmpty();
    }

    private int matching(Request<Q, R> first) {
        int n = 0;
        for (Request<Q, R> request : queue) {
            if (alike(first, request)) {
                n++;
            }
        }
        return n;
    }

    private boolean alike(Request<Q, R> a, Request<Q, R> b) {
        return a.width() == b.width() && decoder.batchable(a.task(), b.task());
    }

    private void run(List<Request<Q, R>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<R> results;
        try {
            results = decoder.decode(batch.stream().map(Request::task).toList(), batch.get(0).width());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                batches.incrementAndGet();
                decoded.incrementAndGet();
                return;
            }
            for (Request<Q, R> request : batch) {
                run(List.of(request));
            }
            return;
        }
        batches.incrementAndGet();
        decoded.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    /** Stops the worker after the batch in hand; requests still waiting fail. */
    @Override
    public void close() {
        List<Request<Q, R>> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        for (Request<Q, R> request : left) {
            request.result().completeExceptionally(new IllegalStateException("the decoder of "
                    + decoder.name() + " closed"));
        }
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
