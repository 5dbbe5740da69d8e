package lasso.domain.list;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The 38 concrete operators: the 10 first-order functions and every higher-order function with each
 * of its lambdas (10 MAP, 4 FILTER, 4 COUNT, 5 ZIPWITH, 5 SCANL1). A statement applies one of them.
 */
public enum Operator {
    HEAD(Attribute.HEAD, null, Type.INT, Type.LIST),
    LAST(Attribute.LAST, null, Type.INT, Type.LIST),
    MINIMUM(Attribute.MINIMUM, null, Type.INT, Type.LIST),
    MAXIMUM(Attribute.MAXIMUM, null, Type.INT, Type.LIST),
    REVERSE(Attribute.REVERSE, null, Type.LIST, Type.LIST),
    SORT(Attribute.SORT, null, Type.LIST, Type.LIST),
    SUM(Attribute.SUM, null, Type.INT, Type.LIST),
    TAKE(Attribute.TAKE, null, Type.LIST, Type.INT, Type.LIST),
    DROP(Attribute.DROP, null, Type.LIST, Type.INT, Type.LIST),
    ACCESS(Attribute.ACCESS, null, Type.INT, Type.INT, Type.LIST),
    MAP_INC(Attribute.MAP, Attribute.INC, Type.LIST, Type.LIST),
    MAP_DEC(Attribute.MAP, Attribute.DEC, Type.LIST, Type.LIST),
    MAP_MUL2(Attribute.MAP, Attribute.MUL2, Type.LIST, Type.LIST),
    MAP_DIV2(Attribute.MAP, Attribute.DIV2, Type.LIST, Type.LIST),
    MAP_NEG(Attribute.MAP, Attribute.NEG, Type.LIST, Type.LIST),
    MAP_SQR(Attribute.MAP, Attribute.SQR, Type.LIST, Type.LIST),
    MAP_MUL3(Attribute.MAP, Attribute.MUL3, Type.LIST, Type.LIST),
    MAP_DIV3(Attribute.MAP, Attribute.DIV3, Type.LIST, Type.LIST),
    MAP_MUL4(Attribute.MAP, Attribute.MUL4, Type.LIST, Type.LIST),
    MAP_DIV4(Attribute.MAP, Attribute.DIV4, Type.LIST, Type.LIST),
    FILTER_POS(Attribute.FILTER, Attribute.POS, Type.LIST, Type.LIST),
    FILTER_NEG(Attribute.FILTER, Attribute.NEGATIVE, Type.LIST, Type.LIST),
    FILTER_EVEN(Attribute.FILTER, Attribute.EVEN, Type.LIST, Type.LIST),
    FILTER_ODD(Attribute.FILTER, Attribute.ODD, Type.LIST, Type.LIST),
    COUNT_POS(Attribute.COUNT, Attribute.POS, Type.INT, Type.LIST),
    COUNT_NEG(Attribute.COUNT, Attribute.NEGATIVE, Type.INT, Type.LIST),
    COUNT_EVEN(Attribute.COUNT, Attribute.EVEN, Type.INT, Type.LIST),
    COUNT_ODD(Attribute.COUNT, Attribute.ODD, Type.INT, Type.LIST),
    ZIPWITH_ADD(Attribute.ZIPWITH, Attribute.ADD, Type.LIST, Type.LIST, Type.LIST),
    ZIPWITH_SUB(Attribute.ZIPWITH, Attribute.SUB, Type.LIST, Type.LIST, Type.LIST),
    ZIPWITH_MUL(Attribute.ZIPWITH, Attribute.MUL, Type.LIST, Type.LIST, Type.LIST),
    ZIPWITH_MIN(Attribute.ZIPWITH, Attribute.MIN, Type.LIST, Type.LIST, Type.LIST),
    ZIPWITH_MAX(Attribute.ZIPWITH, Attribute.MAX, Type.LIST, Type.LIST, Type.LIST),
    SCANL1_ADD(Attribute.SCANL1, Attribute.ADD, Type.LIST, Type.LIST),
    SCANL1_SUB(Attribute.SCANL1, Attribute.SUB, Type.LIST, Type.LIST),
    SCANL1_MUL(Attribute.SCANL1, Attribute.MUL, Type.LIST, Type.LIST),
    SCANL1_MIN(Attribute.SCANL1, Attribute.MIN, Type.LIST, Type.LIST),
    SCANL1_MAX(Attribute.SCANL1, Attribute.MAX, Type.LIST, Type.LIST);

    public static final int COUNT_ALL = 38;

    private static final Map<Attribute, Map<Attribute, Operator>> BY_PARTS = new EnumMap<>(Attribute.class);
    private static final List<Operator> ALL = List.of(values());

    static {
        for (Operator op : ALL) {
            Map<Attribute, Operator> byLambda = BY_PARTS.computeIfAbsent(op.function, f -> new EnumMap<>(Attribute.class));
            byLambda.put(op.lambda == null ? op.function : op.lambda, op);
        }
    }

    private final Attribute function;
    private final Attribute lambda;
    private final Type output;
    private final List<Type> arguments;

    Operator(Attribute function, Attribute lambda, Type output, Type... arguments) {
        this.function = function;
        this.lambda = lambda;
        this.output = output;
        this.arguments = List.of(arguments);
    }

    public static List<Operator> all() {
        return ALL;
    }

    /** The function attribute (HEAD, …, MAP, ZIPWITH). */
    public Attribute function() {
        return function;
    }

    /** The lambda attribute of a higher-order operator, null for a first-order one. */
    public Attribute lambda() {
        return lambda;
    }

    public Type output() {
        return output;
    }

    /** The types of the variable arguments (the lambda is not an argument). */
    public List<Type> arguments() {
        return arguments;
    }

    public int arity() {
        return arguments.size();
    }

    /** The operator made of this function and lambda (null for a first-order function), or null. */
    public static Operator of(Attribute function, Attribute lambda) {
        Map<Attribute, Operator> byLambda = BY_PARTS.get(function);
        if (byLambda == null) {
            return null;
        }
        return byLambda.get(lambda == null ? function : lambda);
    }

    /** Whether the function takes a lambda. */
    public static boolean takesLambda(Attribute function) {
        return function.kind() == Attribute.Kind.HIGHER_ORDER;
    }

    /** The kind of lambda a higher-order function takes. */
    public static Attribute.Kind lambdaKind(Attribute function) {
        return switch (function) {
            case MAP -> Attribute.Kind.INT_TO_INT;
            case FILTER, COUNT -> Attribute.Kind.PREDICATE;
            case ZIPWITH, SCANL1 -> Attribute.Kind.BINARY;
            default -> throw new IllegalArgumentException(function + " takes no lambda");
        };
    }
}
