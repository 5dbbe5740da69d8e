package lasso.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import lasso.search.SearchSettings;
import lasso.search.Strategy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code lasso} section of a node's configuration (see {@code configs/application.conf}).
 *
 * @param maxRunning        jobs searching at once on this node
 * @param maxQueued         jobs waiting for a slot; a submission beyond is refused
 * @param retainInMemory    a job that is not running stays in memory this long after its last call
 *                          (its journal keeps it for {@code GetResult} after that)
 * @param journalProgressEvery a running job journals its progress this often (and when its best program changes)
 * @param frontierShards    shards a job's frontier is split into; 0: twice the executor nodes
 * @param asyncFrontier     whether best-first jobs' shards search on their own ({@code lasso.frontier.mode = async})
 *                          rather than in lock-step rounds
 * @param statusInterval    an async shard's news waits this long for more to tell in the same status
 *                          (an answer, or work held up for credit, goes at once)
 * @param editWait          an async shard's edits for another node wait at most this long for the next
 *                          expansion's, to go in one message (none wait while no expansion is going)
 * @param handOverOnClose   whether a node that stops leaves its jobs to the cluster and its journal
 *                          (else it cancels them: an in-process node whose journal dies with it)
 * @param executors         executor actors on this node (if it has the role)
 * @param chunkSize         most programs in one executor batch
 * @param credits           batches a job may have in flight at one executor (backpressure)
 * @param requestTimeout    after this a batch is sent to another executor, and a synthesizer or
 *                          debugger that has not answered fails the job
 * @param progressInterval  how often a running job reports progress
 * @param sessionIdleTimeout a synthesizer forgets a job's stream after this long unused
 * @param defaults          the search settings a job does not give
 * @param proposers         the synthesizer's name per domain (absent: the best registered one)
 * @param editors           the debugger's name per domain (absent: the best registered one)
 */
public record RuntimeSettings(int maxRunning, int maxQueued, Duration retainInMemory, Duration journalProgressEvery,
                              int frontierShards, boolean asyncFrontier, Duration statusInterval, Duration editWait, boolean handOverOnClose, int executors, int synthesizers,
                              int debuggers, int chunkSize, int credits, Duration requestTimeout,
                              Duration progressInterval, Duration sessionIdleTimeout, SearchSettings defaults,
                              Map<String, String> proposers, Map<String, String> editors, boolean joinSelf) {

    public RuntimeSettings {
        proposers = Map.copyOf(proposers);
        editors = Map.copyOf(editors);
    }

    /** How often actors look for requests unanswered: a quarter of the request timeout, at least 100 ms. */
    public Duration checkInterval() {
        Duration every = requestTimeout.dividedBy(4);
        return every.toMillis() < 100 ? Duration.ofMillis(100) : every;
    }

    public static RuntimeSettings from(Config config) {
        Config lasso = config.getConfig("lasso");
        Config search = lasso.getConfig("search");
        SearchSettings defaults = new SearchSettings(
                Strategy.fromLabel(search.getString("strategy")),
                search.getLong("max-expansions"),
                search.getLong("max-evaluated"),
                search.getDuration("deadline").toMillis(),
                search.getInt("batch-size"),
                search.getInt("edits-per-expansion"),
                search.getLong("seed"),
                search.getInt("expansions-per-round"));
        return new RuntimeSettings(
                lasso.getInt("jobs.max-running"),
                lasso.getInt("jobs.max-queued"),
                lasso.getDuration("jobs.retain-in-memory"),
                lasso.getDuration("jobs.journal-progress-every"),
                lasso.getString("frontier.shards").equals("auto") ? 0 : positive(lasso, "frontier.shards"),
                asyncFrontier(lasso.getString("frontier.mode")),
                lasso.getDuration("frontier.status-interval"),
                lasso.getDuration("frontier.edit-wait"),
                onClose(lasso.getString("jobs.on-close"), !lasso.getString("journal.url").isEmpty()),
                count(lasso, "workers.executors"),
                count(lasso, "workers.synthesizers"),
                count(lasso, "workers.debuggers"),
                lasso.getInt("coordinator.chunk-size"),
                lasso.getInt("coordinator.credits"),
                lasso.getDuration("coordinator.request-timeout"),
                lasso.getDuration("coordinator.progress-interval"),
                lasso.getDuration("workers.session-idle-timeout"),
                defaults,
                names(search.getConfig("proposers")),
                names(search.getConfig("editors")),
                lasso.getBoolean("cluster.join-self"));
    }

    /** A worker count: a number, or {@code auto} for one per core. */
    private static int count(Config config, String path) {
        String value = config.getString(path);
        int count = value.equals("auto") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(value);
        if (count < 0) {
            throw new IllegalArgumentException("lasso." + path + " must not be negative: " + count);
        }
        return count;
    }

    private static int positive(Config config, String path) {
        int value = config.getInt(path);
        if (value < 1) {
            throw new IllegalArgumentException("lasso." + path + " must be auto or positive: " + value);
        }
        return value;
    }

    private static boolean asyncFrontier(String mode) {
        return switch (mode) {
            case "async" -> true;
            case "lock-step" -> false;
            default -> throw new IllegalArgumentException("lasso.frontier.mode: async or lock-step, not '" + mode + "'");
        };
    }

    private static boolean onClose(String value, boolean journalOutlivesNode) {
        return switch (value) {
            case "hand-over" -> true;
            case "cancel" -> false;
            case "auto" -> journalOutlivesNode;
            default -> throw new IllegalArgumentException("lasso.jobs.on-close: auto, hand-over or cancel, not '" + value
                    + "'");
        };
    }

    private static Map<String, String> names(Config config) {
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
            names.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
        }
        return names;
    }
}
