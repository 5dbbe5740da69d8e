package lasso.runtime;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

import java.util.Locale;

/**
 * The runtime's Prometheus metrics, kept in the JVM's default registry and served by
 * {@link MetricsExporter} at {@code /metrics}. Counters are per JVM (several nodes in one JVM, as in
 * tests, add up); gauges of the job registry carry the node's address. Each node only moves the
 * metrics of its roles: admission and job lifecycles on {@code api} nodes (a job's end is counted
 * once, where its entity journals it, which after a node loss is another API node), evaluations
 * and executor batches on {@code executor} nodes (where the frontier shards are), and so on.
 */
final class NodeMetrics {

    /** Latency buckets from 1 ms to about 16 min. */
    private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            30, 60, 120, 300, 1000};

    static final Gauge NODE = Gauge.builder().name("lasso_node_info")
            .help("1 for each node in this JVM, with its cluster address and roles").labelNames("node", "roles")
            .register();

    static final Counter JOBS_ACCEPTED = Counter.builder().name("lasso_jobs_accepted")
            .help("Jobs accepted: journaled by a node's admission (api role); a resubmission with the same idempotency key is not counted again").register();
    static final Counter JOBS_REFUSED = Counter.builder().name("lasso_jobs_refused")
            .help("Submissions refused: invalid, capacity (the node is full), closing, or unavailable (the journal did not confirm)")
            .labelNames("reason").register();
    static final Counter JOBS_FINISHED = Counter.builder().name("lasso_jobs_finished")
            .help("Jobs ended, by final state (counted where the job's entity journals its end)").labelNames("state").register();
    static final Gauge JOBS = Gauge.builder().name("lasso_jobs")
            .help("Jobs a node's admission holds now: running (slots taken) or queued (the queue's depth)")
            .labelNames("node", "state").register();
    static final Histogram JOB_SECONDS = Histogram.builder().name("lasso_job_seconds")
            .help("Time from a job's submission to its result, by final state").classicUpperBounds(SECONDS)
            .labelNames("state").register();

    static final Counter CANDIDATES_EVALUATED = Counter.builder().name("lasso_candidates_evaluated")
            .help("Candidate programs run on their job's examples (executor role)").register();
    static final Counter EXECUTOR_BATCHES = Counter.builder().name("lasso_executor_batches")
            .help("Batches of candidates evaluated (executor role)").register();
    static final Counter EXECUTOR_TRACES = Counter.builder().name("lasso_executor_traces")
            .help("Programs traced for the debugger (executor role)").register();
    static final Histogram BATCH_ROUND_TRIP_SECONDS = Histogram.builder().name("lasso_executor_batch_round_trip_seconds")
            .help("From a frontier shard sending a batch to its results: queueing at the executor included (executor role)")
            .classicUpperBounds(SECONDS).register();

    static final Counter SYNTHESIZER_CALLS = Counter.builder().name("lasso_synthesizer_calls")
            .help("Requests for the next candidates of a job's stream (synthesizer role)").register();
    static final Counter SYNTHESIZER_CANDIDATES = Counter.builder().name("lasso_synthesizer_candidates")
            .help("Candidates the synthesizers proposed").register();
    static final Gauge SYNTHESIZER_STREAMS = Gauge.builder().name("lasso_synthesizer_streams")
            .help("Jobs' candidate streams open on the synthesizers of this JVM").register();

    static final Counter DEBUGGER_CALLS = Counter.builder().name("lasso_debugger_calls")
            .help("Expansions: a failing candidate handed to the debugger (debugger role)").register();
    static final Counter DEBUGGER_EDITS = Counter.builder().name("lasso_debugger_edits")
            .help("Edits the debuggers returned").register();

    private NodeMetrics() {
    }

    static void jobEnded(JobState state, long millis) {
        String label = state.name().toLowerCase(Locale.ROOT);
        JOBS_FINISHED.labelValues(label).inc();
        JOB_SECONDS.labelValues(label).observe(millis / 1e3);
    }

    static void jobCounts(String node, int running, int queued) {
        JOBS.labelValues(node, "running").set(running);
        JOBS.labelValues(node, "queued").set(queued);
    }

    /** The node's registry stopped: its job counts leave the metrics. */
    static void forgetJobCounts(String node) {
        JOBS.remove(node, "running");
        JOBS.remove(node, "queued");
    }
}
