package lasso.model.sed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that fixes a neural debugger's network (SED, models.md C.3, reduced for CPU as E.2
 * suggests): its name, domain, sizes and TraceEmbed switch. Stored next to the weights.
 *
 * @param embedding     token and op embedding size E
 * @param hidden        the program encoder's LSTM size per direction and the edit decoder's LSTM size H
 * @param ioEmbedding   IOEmbed's size D (one vector per example)
 * @param traceEmbed    TraceEmbed on (the program encoder reads [token; trace embedding]) or off
 * @param traceSize     TraceEmbed's size T
 * @param traceEvents   events read per example's trace (evenly spaced over it, the last included)
 * @param extraSteps    decoded ops beyond the source's length (room for insertions)
 * @param grammar       decode under the domain's grammar as well as C.4's masks, so every edit parses
 * @param exampleCopies SED's decoder: one LSTM copy per example, max-pooled after; off: the examples' IO
 *                      vectors max-pooled before one LSTM (E.2's cheaper variant, K times less decoding)
 * @param gridSide      Karel: the side of the grid tensor square (the world plus its border)
 * @param channels      Karel: IOEmbed's first convolution channels (the LGRL tower's C)
 * @param traceChannels Karel: channels of TraceEmbed's convolution over [state; input; output]
 * @param valueEmbedding C: the size of a list value's or variable value's embedding
 */
public record DebuggerConfig(String name, String domain, int embedding, int hidden, int ioEmbedding,
                             boolean traceEmbed, int traceSize, int traceEvents, int extraSteps, boolean grammar,
                             boolean exampleCopies, int gridSide, int channels, int traceChannels, int valueEmbedding) {

    public DebuggerConfig {
        if (!"karel".equals(domain) && !"c".equals(domain)) {
            throw new IllegalArgumentException("a debugger reads Karel or C programs, not '" + domain + "'");
        }
        positive("embedding", embedding);
        positive("hidden", hidden);
        positive("io-embedding", ioEmbedding);
        positive("trace-size", traceSize);
        positive("trace-events", traceEvents);
        positive("extra-steps", extraSteps);
        if ("karel".equals(domain)) {
            if (gridSide < 4 || gridSide > 18) {
                throw new IllegalArgumentException("grid-side must be in 4..18, not " + gridSide);
            }
            positive("channels", channels);
            positive("trace-channels", traceChannels);
        } else {
            positive("value-embedding", valueEmbedding);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** The shipped debuggers' shapes: {@code karel-sed} (IOEmbed as karel-lgrl's CNN) and {@code c-sed}. */
    public static final Map<String, DebuggerConfig> PRESETS = Map.of(
            "karel-sed", new DebuggerConfig("karel-sed", "karel", 64, 128, 128, true, 64, 24, 16, true, false, 18, 16, 8, 0),
            "c-sed", new DebuggerConfig("c-sed", "c", 64, 128, 128, true, 64, 24, 16, true, false, 0, 0, 0, 16));

    /** @throws IllegalArgumentException listing the known names */
    public static DebuggerConfig preset(String name) {
        DebuggerConfig config = PRESETS.get(name);
        if (config == null) {
            throw new IllegalArgumentException("unknown debugger '" + name + "' (known: "
                    + String.join(", ", new TreeMap<>(PRESETS).keySet()) + ")");
        }
        return config;
    }

    public DebuggerConfig renamed(String newName) {
        return new DebuggerConfig(newName, domain, embedding, hidden, ioEmbedding, traceEmbed, traceSize, traceEvents,
                extraSteps, grammar, exampleCopies, gridSide, channels, traceChannels, valueEmbedding);
    }

    /** The keys {@link #with} knows, as the command line writes them. */
    public static final List<String> KEYS = List.of("embedding", "hidden", "io-embedding", "trace-embed", "trace-size",
            "trace-events", "extra-steps", "grammar", "example-copies", "grid-side", "channels", "trace-channels", "value-embedding");

    public DebuggerConfig with(String key, String value) {
        return with(Map.of(key, value));
    }

    /**
     * This configuration with fields changed ({@code --network key=value}), checked once all are applied.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public DebuggerConfig with(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        int e = integer(all, "embedding", embedding);
        int h = integer(all, "hidden", hidden);
        int io = integer(all, "io-embedding", ioEmbedding);
        boolean te = bool(all, "trace-embed", traceEmbed);
        int t = integer(all, "trace-size", traceSize);
        int events = integer(all, "trace-events", traceEvents);
        int extra = integer(all, "extra-steps", extraSteps);
        boolean g = bool(all, "grammar", grammar);
        boolean copies = bool(all, "example-copies", exampleCopies);
        int side = integer(all, "grid-side", gridSide);
        int c = integer(all, "channels", channels);
        int tc = integer(all, "trace-channels", traceChannels);
        int v = integer(all, "value-embedding", valueEmbedding);
        if (!all.isEmpty()) {
            throw new IllegalArgumentException("unknown debugger setting '" + all.keySet().iterator().next()
                    + "' (known: " + String.join(", ", KEYS) + ")");
        }
        return new DebuggerConfig(name, domain, e, h, io, te, t, events, extra, g, copies, side, c, tc, v);
    }

    private static int integer(Map<String, String> settings, String key, int current) {
        String value = settings.remove(key);
        if (value == null) {
            return current;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an integer");
        }
    }

    private static boolean bool(Map<String, String> settings, String key, boolean current) {
        String value = settings.remove(key);
        if (value == null) {
            return current;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
        };
    }
}
