package lasso.client;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import lasso.api.v1.SearchOptions;
import lasso.search.Strategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A job's search options as the command line gives them: a strategy label and budgets. */
public final class JobOptions {

    private JobOptions() {
    }

    /**
     * The options; unset values (null, 0) leave the node's defaults.
     *
     * @param budgets {@code evaluated=N}, {@code expansions=N}, {@code deadline=DURATION}
     * @throws IllegalArgumentException naming a bad strategy or budget
     */
    public static SearchOptions parse(String strategy, Map<String, String> budgets, int batchSize, int edits,
                                      long seed) {
        SearchOptions.Builder options = SearchOptions.newBuilder();
        if (strategy != null) {
            options.setStrategy(switch (Strategy.fromLabel(strategy)) {
                case BEST_FIRST -> lasso.api.v1.Strategy.BEST_FIRST;
                case BEAM -> lasso.api.v1.Strategy.BEAM;
                case GREEDY -> lasso.api.v1.Strategy.GREEDY;
            });
        }
        for (Map.Entry<String, String> entry : budgets.entrySet()) {
            switch (entry.getKey()) {
                case "evaluated" -> options.setMaxEvaluated(positive("--budget evaluated", entry.getValue()));
                case "expansions" -> options.setMaxExpansions(positive("--budget expansions", entry.getValue()));
                case "deadline" -> options.setDeadlineMillis(millis(duration(entry.getValue())));
                default -> throw new IllegalArgumentException("--budget: unknown budget '" + entry.getKey()
                        + "' (known: evaluated, expansions, deadline)");
            }
        }
        return options.setBatchSize(batchSize).setEditsPerExpansion(edits).setSeed(seed).build();
    }

    /** A duration as HOCON writes it: {@code 30s}, {@code 500ms}, {@code 2 minutes}. */
    public static Duration duration(String value) {
        try {
            return ConfigFactory.parseString("d = \"" + value.replace("\"", "") + "\"").getDuration("d");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a duration: '" + value + "' (e.g. 30s, 500ms)");
        }
    }

    /** A duration in milliseconds; one beyond a long's reach saturates (and is then above any limit). */
    private static long millis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long positive(String option, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive number, got '" + value + "'");
    }

    /** The strategy's label, or {@code default}. */
    public static String strategy(SearchOptions options) {
        return options.getStrategy() == lasso.api.v1.Strategy.STRATEGY_UNSPECIFIED ? "default"
                : Strategy.valueOf(options.getStrategy().name()).label();
    }

    /** e.g. {@code strategy beam, evaluated<=20000, deadline 30.0 s}. */
    public static String describe(SearchOptions options) {
        List<String> parts = new ArrayList<>();
        parts.add("strategy " + strategy(options));
        if (options.getMaxEvaluated() > 0) {
            parts.add("evaluated<=" + options.getMaxEvaluated());
        }
        if (options.getMaxExpansions() > 0) {
            parts.add("expansions<=" + options.getMaxExpansions());
        }
        if (options.getDeadlineMillis() > 0) {
            parts.add("deadline " + options.getDeadlineMillis() / 1000.0 + " s");
        }
        return String.join(", ", parts);
    }
}
