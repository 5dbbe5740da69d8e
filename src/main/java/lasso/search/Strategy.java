package lasso.search;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a job's search chooses what to evaluate next. */
public enum Strategy {
    /** SED's best-first search (Algorithm 1): expand the best program of the whole frontier. */
    BEST_FIRST("best-first"),
    /** The synthesizer alone: evaluate its candidates in its order. */
    BEAM("beam"),
    /** SED's greedy search: expand the best new program of the last round only. */
    GREEDY("greedy");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    /** The name on command lines and in reports. */
    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException listing the known names */
    public static Strategy fromLabel(String label) {
        for (Strategy strategy : values()) {
            if (strategy.label.equals(label)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + label + "' (known: "
                + Arrays.stream(values()).map(Strategy::label).collect(Collectors.joining(", ")) + ")");
    }
}
