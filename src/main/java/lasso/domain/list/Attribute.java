package lasso.domain.list;

import java.util.HashMap;
import java.util.Map;

/**
 * The 34 attributes the network predicts: 15 functions and 19 lambdas, in the order of dkamm's
 * attribute vectors (the JSON data set's {@code attribute} field), with their names in the prefix
 * form (dkamm) and in the Microsoft text form.
 */
public enum Attribute {
    HEAD("HEAD", "HEAD", Kind.FIRST_ORDER),
    LAST("TAIL", "LAST", Kind.FIRST_ORDER),
    MINIMUM("MINIMUM", "MINIMUM", Kind.FIRST_ORDER),
    MAXIMUM("MAXIMUM", "MAXIMUM", Kind.FIRST_ORDER),
    REVERSE("REVERSE", "REVERSE", Kind.FIRST_ORDER),
    SORT("SORT", "SORT", Kind.FIRST_ORDER),
    SUM("SUM", "SUM", Kind.FIRST_ORDER),
    TAKE("TAKE", "TAKE", Kind.FIRST_ORDER),
    DROP("DROP", "DROP", Kind.FIRST_ORDER),
    ACCESS("ACCESS", "ACCESS", Kind.FIRST_ORDER),
    MAP("MAP", "MAP", Kind.HIGHER_ORDER),
    FILTER("FILTER", "FILTER", Kind.HIGHER_ORDER),
    COUNT("COUNT", "COUNT", Kind.HIGHER_ORDER),
    SCANL1("SCAN1L", "SCANL1", Kind.HIGHER_ORDER),
    ZIPWITH("ZIPWITH", "ZIPWITH", Kind.HIGHER_ORDER),
    INC("+1", "INC", Kind.INT_TO_INT),
    DEC("-1", "DEC", Kind.INT_TO_INT),
    MUL2("*2", "SHL", Kind.INT_TO_INT),
    DIV2("/2", "SHR", Kind.INT_TO_INT),
    NEG("*-1", "doNEG", Kind.INT_TO_INT),
    SQR("**2", "SQR", Kind.INT_TO_INT),
    MUL3("*3", "MUL3", Kind.INT_TO_INT),
    DIV3("/3", "DIV3", Kind.INT_TO_INT),
    MUL4("*4", "MUL4", Kind.INT_TO_INT),
    DIV4("/4", "DIV4", Kind.INT_TO_INT),
    POS(">0", "isPOS", Kind.PREDICATE),
    NEGATIVE("<0", "isNEG", Kind.PREDICATE),
    EVEN("EVEN", "isEVEN", Kind.PREDICATE),
    ODD("ODD", "isODD", Kind.PREDICATE),
    ADD("+", "+", Kind.BINARY),
    SUB("-", "-", Kind.BINARY),
    MUL("*", "*", Kind.BINARY),
    MIN("min", "MIN", Kind.BINARY),
    MAX("max", "MAX", Kind.BINARY);

    /** What an attribute is: a function (first- or higher-order) or a lambda of some shape. */
    public enum Kind {
        FIRST_ORDER, HIGHER_ORDER, INT_TO_INT, PREDICATE, BINARY;

        public boolean isLambda() {
            return this == INT_TO_INT || this == PREDICATE || this == BINARY;
        }
    }

    public static final int COUNT_ALL = 34;

    private static final Map<String, Attribute> BY_PREFIX = new HashMap<>();
    private static final Map<String, Attribute> BY_MS = new HashMap<>();

    static {
        for (Attribute attribute : values()) {
            BY_PREFIX.put(attribute.prefixName, attribute);
            BY_MS.put(attribute.msName, attribute);
        }
    }

    private final String prefixName;
    private final String msName;
    private final Kind kind;

    Attribute(String prefixName, String msName, Kind kind) {
        this.prefixName = prefixName;
        this.msName = msName;
        this.kind = kind;
    }

    public String prefixName() {
        return prefixName;
    }

    public String msName() {
        return msName;
    }

    public Kind kind() {
        return kind;
    }

    /** The attribute with this prefix-form name, or null. */
    public static Attribute byPrefixName(String name) {
        return BY_PREFIX.get(name);
    }

    /** The attribute with this Microsoft-form name, or null. */
    public static Attribute byMsName(String name) {
        return BY_MS.get(name);
    }
}
