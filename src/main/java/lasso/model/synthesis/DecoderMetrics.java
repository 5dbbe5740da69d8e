package lasso.model.synthesis;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * Prometheus metrics of the decoders that serve the neural synthesizers ({@link DecodingBatcher}), by
 * model name: how many requests each batch decodes together, how long a request waited for its batch,
 * and how many wait now.
 */
final class DecoderMetrics {

    static final Histogram BATCH_SIZE = Histogram.builder().name("lasso_decoder_batch_size")
            .help("Beam searches decoded together in one batch").classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128)
            .labelNames("model").register();
    static final Histogram WAIT_SECONDS = Histogram.builder().name("lasso_decoder_wait_seconds")
            .help("From a beam search request's arrival to the start of its batch")
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .labelNames("model").register();
    static final Gauge QUEUED = Gauge.builder().name("lasso_decoder_queued")
            .help("Beam search requests waiting for a batch").labelNames("model").register();

    private DecoderMetrics() {
    }

    /** A batch starts with the requests that arrived at these times; {@code left} still wait. */
    static void batchStarts(String model, long[] arrivedNanos, int left) {
        long now = System.nanoTime();
        BATCH_SIZE.labelValues(model).observe(arrivedNanos.length);
        for (long arrived : arrivedNanos) {
            WAIT_SECONDS.labelValues(model).observe((now - arrived) / 1e9);
        }
        QUEUED.labelValues(model).set(left);
    }
}
