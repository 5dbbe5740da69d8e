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
 * @param retainFinished    finished results kept for {@code GetResult}
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
public record RuntimeSettings(int maxRunning, int maxQueued, int retainFinished, int executors, int synthesizers,
                              int debuggers, int chunkSize, int credits, Duration requestTimeout,
                              Duration progressInterval, Duration sessionIdleTimeout, SearchSettings defaults,
                              Map<String, String> proposers, Map<String, String> editors, boolean joinSelf) {

    public RuntimeSettings {
        proposers = Map.copyOf(proposers);
        editors = Map.copyOf(editors);
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
                lasso.getInt("jobs.retain-finished"),
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

    private static Map<String, String> names(Config config) {
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
            names.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
        }
        return names;
    }
}
