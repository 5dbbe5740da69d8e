package lasso.domain.list;

import java.util.Arrays;

/**
 * The semantics of the 38 operators on a flat register memory, shared by the interpreter and the
 * enumerative search so that both agree exactly (PCCoder/dkamm conventions, deepcoder.md §1.3).
 *
 * <p>A register is a slice of an {@code int[]}: an integer register holds its value at {@code base}
 * ({@link #NULL} for NULL); a list register holds its length at {@code base} and the elements after
 * it. No operator lengthens a list, so a register needs room for the longest input list only.
 * Nothing here allocates.
 */
public final class ListSemantics {

    /** Smallest and largest integer of the DSL; producing any other value rejects the program. */
    public static final int MIN = -256;
    public static final int MAX = 255;
    /** Longest list in tasks and data sets (the network pads to it). */
    public static final int MAX_LENGTH = 20;
    /** How NULL is stored in an integer register. */
    public static final int NULL = Integer.MIN_VALUE;

    /** Statuses of {@link #apply}. */
    public static final int OK = 0;
    public static final int NULL_INPUT = 1;
    public static final int OUT_OF_RANGE = 2;

    private ListSemantics() {
    }

    public static boolean inRange(int value) {
        return value >= MIN && value <= MAX;
    }

    /** Why a statement failed, for people. */
    public static String describe(int status) {
        return switch (status) {
            case NULL_INPUT -> "an argument is NULL";
            case OUT_OF_RANGE -> "a value is out of range [" + MIN + ", " + MAX + "]";
            default -> "ok";
        };
    }

    /**
     * Applies {@code op} to the registers at {@code a} (and {@code b}) and writes the register at
     * {@code out}. The arguments are in the operator's order: TAKE/DROP/ACCESS take the integer
     * first, ZIPWITH two lists.
     *
     * @return {@link #OK}, {@link #NULL_INPUT} or {@link #OUT_OF_RANGE}
     */
    public static int apply(Operator op, int[] m, int a, int b, int out) {
        switch (op) {
            case HEAD: {
                m[out] = m[a] == 0 ? NULL : m[a + 1];
                return OK;
            }
            case LAST: {
                int n = m[a];
                m[out] = n == 0 ? NULL : m[a + n];
                return OK;
            }
            case MINIMUM: {
                int n = m[a];
                if (n == 0) {
                    m[out] = NULL;
                    return OK;
                }
                int v = m[a + 1];
                for (int i = 2; i <= n; i++) {
                    v = Math.min(v, m[a + i]);
                }
                m[out] = v;
                return OK;
            }
            case MAXIMUM: {
                int n = m[a];
                if (n == 0) {
                    m[out] = NULL;
                    return OK;
                }
                int v = m[a + 1];
                for (int i = 2; i <= n; i++) {
                    v = Math.max(v, m[a + i]);
                }
                m[out] = v;
                return OK;
            }
            case REVERSE: {
                int n = m[a];
                m[out] = n;
                for (int i = 1; i <= n; i++) {
                    m[out + i] = m[a + n + 1 - i];
                }
                return OK;
            }
            case SORT: {
                int n = m[a];
                System.arraycopy(m, a, m, out, n + 1);
                Arrays.sort(m, out + 1, out + n + 1);
                return OK;
            }
            case SUM: {
                int n = m[a];
                int s = 0;
                for (int i = 1; i <= n; i++) {
                    s += m[a + i];
                }
                m[out] = s;
                return inRange(s) ? OK : OUT_OF_RANGE;
            }
            case TAKE: {
                int k = m[a];
                if (k == NULL) {
                    return NULL_INPUT;
                }
                int n = m[b];
                int end = k < 0 ? Math.max(0, n + k) : Math.min(k, n); // Python xs[:k]
                m[out] = end;
                System.arraycopy(m, b + 1, m, out + 1, end);
                return OK;
            }
            case DROP: {
                int k = m[a];
                if (k == NULL) {
                    return NULL_INPUT;
                }
                int n = m[b];
                int start = k < 0 ? Math.max(0, n + k) : Math.min(k, n); // Python xs[k:]
                m[out] = n - start;
                System.arraycopy(m, b + 1 + start, m, out + 1, n - start);
                return OK;
            }
            case ACCESS: {
                int k = m[a];
                if (k == NULL) {
                    return NULL_INPUT;
                }
                m[out] = k >= 0 && k < m[b] ? m[b + 1 + k] : NULL;
                return OK;
            }
            case MAP_INC: case MAP_DEC: case MAP_MUL2: case MAP_DIV2: case MAP_NEG:
            case MAP_SQR: case MAP_MUL3: case MAP_DIV3: case MAP_MUL4: case MAP_DIV4:
                return map(op, m, a, out);
            case FILTER_POS: case FILTER_NEG: case FILTER_EVEN: case FILTER_ODD:
                return filter(op, m, a, out);
            case COUNT_POS: case COUNT_NEG: case COUNT_EVEN: case COUNT_ODD:
                return count(op, m, a, out);
            case ZIPWITH_ADD: case ZIPWITH_SUB: case ZIPWITH_MUL: case ZIPWITH_MIN: case ZIPWITH_MAX:
                return zipWith(op, m, a, b, out);
            default:
                return scanl1(op, m, a, out);
        }
    }

    private static int map(Operator op, int[] m, int a, int out) {
        int n = m[a];
        m[out] = n;
        int from = a + 1;
        int to = out + 1;
        int bad = 0;
        switch (op) {
            case MAP_INC:
                for (int i = 0; i < n; i++) {
                    int v = m[from + i] + 1;
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            case MAP_DEC:
                for (int i = 0; i < n; i++) {
                    int v = m[from + i] - 1;
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            case MAP_MUL2:
                for (int i = 0; i < n; i++) {
                    int v = m[from + i] * 2;
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            case MAP_DIV2:
                for (int i = 0; i < n; i++) {
                    m[to + i] = m[from + i] / 2; // truncates toward zero, as int(x / 2)
                }
                break;
            case MAP_NEG:
                for (int i = 0; i < n; i++) {
                    int v = -m[from + i];
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            case MAP_SQR:
                for (int i = 0; i < n; i++) {
                    int x = m[from + i];
                    int v = x * x;
                    bad |= MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            case MAP_MUL3:
                for (int i = 0; i < n; i++) {
                    int v = m[from + i] * 3;
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            case MAP_DIV3:
                for (int i = 0; i < n; i++) {
                    m[to + i] = m[from + i] / 3;
                }
                break;
            case MAP_MUL4:
                for (int i = 0; i < n; i++) {
                    int v = m[from + i] * 4;
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[to + i] = v;
                }
                break;
            default: // MAP_DIV4
                for (int i = 0; i < n; i++) {
                    m[to + i] = m[from + i] / 4;
                }
                break;
        }
        return bad == 0 ? OK : OUT_OF_RANGE;
    }

    private static boolean test(Operator op, int x) {
        return switch (op) {
            case FILTER_POS, COUNT_POS -> x > 0;
            case FILTER_NEG, COUNT_NEG -> x < 0;
            case FILTER_EVEN, COUNT_EVEN -> (x & 1) == 0;
            default -> (x & 1) != 0; // Python's x % 2 == 1 holds for negative odd numbers too
        };
    }

    private static int filter(Operator op, int[] m, int a, int out) {
        int n = m[a];
        int k = 0;
        for (int i = 1; i <= n; i++) {
            int x = m[a + i];
            if (test(op, x)) {
                m[out + 1 + k++] = x;
            }
        }
        m[out] = k;
        return OK;
    }

    private static int count(Operator op, int[] m, int a, int out) {
        int n = m[a];
        int k = 0;
        for (int i = 1; i <= n; i++) {
            if (test(op, m[a + i])) {
                k++;
            }
        }
        m[out] = k;
        return OK;
    }

    private static int zipWith(Operator op, int[] m, int a, int b, int out) {
        int n = Math.min(m[a], m[b]);
        m[out] = n;
        int bad = 0;
        switch (op) {
            case ZIPWITH_ADD:
                for (int i = 1; i <= n; i++) {
                    int v = m[a + i] + m[b + i];
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[out + i] = v;
                }
                break;
            case ZIPWITH_SUB:
                for (int i = 1; i <= n; i++) {
                    int v = m[a + i] - m[b + i];
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[out + i] = v;
                }
                break;
            case ZIPWITH_MUL:
                for (int i = 1; i <= n; i++) {
                    int v = m[a + i] * m[b + i];
                    bad |= v - MIN >>> 31 | MAX - v >>> 31;
                    m[out + i] = v;
                }
                break;
            case ZIPWITH_MIN:
                for (int i = 1; i <= n; i++) {
                    m[out + i] = Math.min(m[a + i], m[b + i]);
                }
                break;
            default: // ZIPWITH_MAX
                for (int i = 1; i <= n; i++) {
                    m[out + i] = Math.max(m[a + i], m[b + i]);
                }
                break;
        }
        return bad == 0 ? OK : OUT_OF_RANGE;
    }

    private static int scanl1(Operator op, int[] m, int a, int out) {
        int n = m[a];
        m[out] = n;
        if (n == 0) {
            return OK;
        }
        int y = m[a + 1];
        m[out + 1] = y;
        switch (op) {
            case SCANL1_ADD:
                for (int i = 2; i <= n; i++) {
                    y += m[a + i];
                    if (!inRange(y)) {
                        return OUT_OF_RANGE;
                    }
                    m[out + i] = y;
                }
                break;
            case SCANL1_SUB:
                for (int i = 2; i <= n; i++) {
                    y -= m[a + i];
                    if (!inRange(y)) {
                        return OUT_OF_RANGE;
                    }
                    m[out + i] = y;
                }
                break;
            case SCANL1_MUL:
                for (int i = 2; i <= n; i++) {
                    y *= m[a + i]; // both factors lie in range, so the product cannot overflow an int
                    if (!inRange(y)) {
                        return OUT_OF_RANGE;
                    }
                    m[out + i] = y;
                }
                break;
            case SCANL1_MIN:
                for (int i = 2; i <= n; i++) {
                    y = Math.min(y, m[a + i]);
                    m[out + i] = y;
                }
                break;
            default: // SCANL1_MAX
                for (int i = 2; i <= n; i++) {
                    y = Math.max(y, m[a + i]);
                    m[out + i] = y;
                }
                break;
        }
        return OK;
    }

    /** Writes a value into the register at {@code base}. */
    public static void store(Value value, int[] m, int base) {
        if (value instanceof ListValue list) {
            m[base] = list.length();
            list.copyTo(m, base + 1);
        } else if (value instanceof IntValue i) {
            m[base] = i.value();
        } else {
            m[base] = NULL;
        }
    }

    /** Reads the register at {@code base} as a value of the given type. */
    public static Value load(Type type, int[] m, int base) {
        if (type == Type.LIST) {
            return ListValue.adopt(Arrays.copyOfRange(m, base + 1, base + 1 + m[base]));
        }
        return m[base] == NULL ? NullValue.NULL : new IntValue(m[base]);
    }
}
