package lasso.domain.karel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link KarelGenerator} draws. Options as {@code key=value} strings (the generate command's
 * {@code --set}):
 * <ul>
 *   <li>{@code min-rows}, {@code max-rows}, {@code min-cols}, {@code max-cols}: world size, 2..16
 *       (default 2 and 16; models here train on {@code max-rows=8 max-cols=8})</li>
 *   <li>{@code max-tokens}: longest program, 6.. (default 65, the test split's longest)</li>
 *   <li>{@code max-depth}: deepest nesting, 0.. (default 5, the test split's deepest)</li>
 *   <li>{@code rules}: {@code near} or {@code gandrl}, the rules the crash filter runs under
 *       (default: the domain's)</li>
 * </ul>
 */
public record KarelGeneratorOptions(int minRows, int maxRows, int minCols, int maxCols, int maxTokens,
                                    int maxDepth, KarelRules rules) {

    /** The shortest program that can pass the filters: {@code DEF run m( move putMarker m)}. */
    public static final int MIN_TOKENS = 6;

    public KarelGeneratorOptions {
        checkRange("min-rows", minRows, KarelGrid.MIN_SIZE, KarelGrid.MAX_SIZE);
        checkRange("max-rows", maxRows, minRows, KarelGrid.MAX_SIZE);
        checkRange("min-cols", minCols, KarelGrid.MIN_SIZE, KarelGrid.MAX_SIZE);
        checkRange("max-cols", maxCols, minCols, KarelGrid.MAX_SIZE);
        checkRange("max-tokens", maxTokens, MIN_TOKENS, 10_000);
        checkRange("max-depth", maxDepth, 0, KarelProgram.MAX_NESTING);
    }

    /**
     * Reads {@code key → value} options over the defaults.
     *
     * @throws IllegalArgumentException naming an unknown option or a bad value
     */
    public static KarelGeneratorOptions parse(Map<String, String> options, KarelRules rules) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        numbers.put("min-rows", 2);
        numbers.put("max-rows", 16);
        numbers.put("min-cols", 2);
        numbers.put("max-cols", 16);
        numbers.put("max-tokens", 65);
        numbers.put("max-depth", 5);
        KarelRules chosen = rules;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue() == null ? "" : option.getValue().trim();
            if (key.equals("rules")) {
                chosen = KarelRules.named(value);
            } else if (numbers.containsKey(key)) {
                try {
                    numbers.put(key, Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Karel generator option " + key + ": '" + value + "' is not an integer");
                }
            } else {
                throw new IllegalArgumentException("unknown Karel generator option '" + key + "' (known: "
                        + String.join(", ", numbers.keySet()) + ", rules)");
            }
        }
        return new KarelGeneratorOptions(numbers.get("min-rows"), numbers.get("max-rows"), numbers.get("min-cols"),
                numbers.get("max-cols"), numbers.get("max-tokens"), numbers.get("max-depth"), chosen);
    }

    private static void checkRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Karel generator option " + key + ": " + value + " is outside " + min + ".." + max);
        }
    }
}
