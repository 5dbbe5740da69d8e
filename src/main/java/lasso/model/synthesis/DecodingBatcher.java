package lasso.model.synthesis;

import lasso.domain.Example;

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
 * thread, the model's only user. Requests are batched with others of the same beam width and number
 * of examples (a network reads equally many examples per task); the rest wait for the next batch, in
 * arrival order. A request the network cannot read fails alone, before it joins a batch; if a batch
 * fails anyway, its requests are decoded one by one so that only the bad one fails.
 *
 * <p>The batcher is bounded whatever the requests: a request reads at most {@code maxExamples} of its
 * examples (the first ones), a batch holds at most {@code maxRows} network rows (beams × examples;
 * a request larger than that alone is refused), and every job asks for one decode at a time and joins
 * the back of the queue, so no job takes more than its turn. A request whose future is cancelled (its
 * job is gone) is dropped undecoded while it waits, and leaves its batch at the next decoding step
 * once decoding began; a batch whose requests are all cancelled stops there.
 */
public final class DecodingBatcher<P, I, O> implements AutoCloseable {

    /** The defaults of {@link #DecodingBatcher(NeuralSynthesizer, int, Duration)}. */
    public static final int DEFAULT_MAX_ROWS = 16_384;
    public static final int DEFAULT_MAX_EXAMPLES = 16;

    private final NeuralSynthesizer<P, I, O> synthesizer;
    private final int maxBatch;
    private final int maxRows;
    private final int maxExamples;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final LinkedList<Request<P, I, O>> queue = new LinkedList<>();
    private final Thread worker;
    private volatile boolean closed;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong inProgress = new AtomicLong();

    private record Request<P, I, O>(List<Example<I, O>> given, int width, CompletableFuture<List<Decoded<P>>> result,
                                    long arrivedNanos) {

        long rows() {
            return (long) width * given.size();
        }
    }

    /**
     * What the batcher has done: batches decoded, requests served, requests whose rows left their
     * batch during the decode because they were cancelled, and requests being decoded now.
     */
    public record Stats(long batches, long requests, long abandoned, long inProgress) {

        public double meanBatch() {
            return batches == 0 ? 0 : (double) requests / batches;
        }
    }

    public DecodingBatcher(NeuralSynthesizer<P, I, O> synthesizer, int maxBatch, Duration maxWait) {
        this(synthesizer, maxBatch, DEFAULT_MAX_ROWS, DEFAULT_MAX_EXAMPLES, maxWait);
    }

    /**
     * @param maxBatch    requests in one batch
     * @param maxRows     network rows (beams × examples) in one batch
     * @param maxExamples examples a request reads (its first ones)
     */
    public DecodingBatcher(NeuralSynthesizer<P, I, O> synthesizer, int maxBatch, int maxRows, int maxExamples,
                           Duration maxWait) {
        if (maxBatch < 1 || maxRows < 1 || maxExamples < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("a batch holds at least one request, one row and one example, "
                    + "and waits no negative time");
        }
        this.synthesizer = synthesizer;
        this.maxBatch = maxBatch;
        this.maxRows = maxRows;
        this.maxExamples = maxExamples;
        this.maxWaitNanos = maxWait.toNanos();
        this.worker = new Thread(this::work, "decoder-" + synthesizer.config().name());
        worker.setDaemon(true);
        worker.start();
    }

    public NeuralSynthesizer<P, I, O> synthesizer() {
        return synthesizer;
    }

    /**
     * Beam search of width {@code width} on one task's examples (the first {@code maxExamples} of them),
     * decoded with whatever else is waiting. Cancelling the future drops the request or cuts its decode.
     */
    public CompletableFuture<List<Decoded<P>>> decode(List<Example<I, O>> given, int width) {
        CompletableFuture<List<Decoded<P>>> result = new CompletableFuture<>();
        List<Example<I, O>> read = given.size() > maxExamples ? given.subList(0, maxExamples) : given;
        try {
            if (width < 1) {
                throw new IllegalArgumentException("beam width must be positive, not " + width);
            }
            if ((long) width * read.size() > maxRows) {
                throw new IllegalArgumentException("a beam of " + width + " over " + read.size() + " examples needs "
                        + (long) width * read.size() + " rows, more than a batch holds (" + maxRows + ")");
            }
            synthesizer.network().check(read);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        lock.lock();
        try {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("the decoder of "
                        + synthesizer.config().name() + " is closed"));
                return result;
            }
            queue.add(new Request<>(List.copyOf(read), width, result, System.nanoTime()));
            DecoderMetrics.QUEUED.labelValues(synthesizer.config().name()).set(queue.size());
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return result;
    }

    public Stats stats() {
        return new Stats(batches.get(), decoded.get(), abandoned.get(), inProgress.get());
    }

    private void work() {
        while (true) {
            List<Request<P, I, O>> batch;
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
    private List<Request<P, I, O>> next() throws InterruptedException {
        lock.lock();
        try {
            while (dropCancelled()) {
                if (closed) {
                    return null;
                }
                arrived.await();
            }
            long deadline = System.nanoTime() + maxWaitNanos;
            while (!full(queue.getFirst()) && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                arrived.awaitNanos(left);
            }
            if (dropCancelled()) {
                return List.of();
            }
            Request<P, I, O> first = queue.getFirst();
            List<Request<P, I, O>> batch = new ArrayList<>();
            long rows = 0;
            for (Iterator<Request<P, I, O>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
                Request<P, I, O> request = it.next();
                if (alike(first, request)) {
                    if (rows + request.rows() > maxRows) {
                        break;
                    }
                    rows += request.rows();
                    batch.add(request);
                    it.remove();
                }
            }
            DecoderMetrics.batchStarts(synthesizer.config().name(), batch.stream().mapToLong(Request::arrivedNanos)
                    .toArray(), queue.size());
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

    /** Whether the live requests like {@code first} fill a batch (in requests or in rows). */
    private boolean full(Request<P, I, O> first) {
        int n = 0;
        long rows = 0;
        for (Request<P, I, O> request : queue) {
            if (alike(first, request) && !request.result().isCancelled()) {
                n++;
                rows += request.rows();
                if (n >= maxBatch || rows >= maxRows) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean alike(Request<?, ?, ?> a, Request<?, ?, ?> b) {
        return a.width() == b.width() && a.given().size() == b.given().size();
    }

    private void run(List<Request<P, I, O>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<List<Decoded<P>>> results;
        boolean[] cut = new boolean[batch.size()];
        inProgress.set(batch.size());
        try {
            results = synthesizer.decode(batch.stream().map(Request::given).toList(), batch.get(0).width(), task -> {
                cut[task] = batch.get(task).result().isCancelled();
                return cut[task];
            });
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                batches.incrementAndGet();
                decoded.incrementAndGet();
                return;
            }
            for (Request<P, I, O> request : batch) {
                run(List.of(request));
            }
            return;
        } finally {
            inProgress.set(0);
        }
        batches.incrementAndGet();
        decoded.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (cut[i]) {
                abandoned.incrementAndGet();
            }
            batch.get(i).result().complete(results.get(i)); // a no-op for a cancelled one
        }
    }

    /** Stops the worker after the batch in hand; requests still waiting fail. */
    @Override
    public void close() {
        List<Request<P, I, O>> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        for (Request<P, I, O> request : left) {
            request.result().completeExceptionally(new IllegalStateException("the decoder of "
                    + synthesizer.config().name() + " closed"));
        }
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
