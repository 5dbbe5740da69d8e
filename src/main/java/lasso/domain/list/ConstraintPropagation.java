package lasso.domain.list;

/**
 * Backward propagation of value bounds, as the Microsoft generator does it (deepcoder.md §2.1):
 * the output is bounded to the DSL's range, and walking the statements backwards each operator maps
 * its result's bound to bounds on its arguments, intersected where a variable is used twice. The
 * inputs' bounds are then ranges to sample from; an empty range means the program has no valid
 * inputs. The bounds are sufficient for most operators, not exact: the interpreter still has the
 * last word on every sampled input.
 */
public final class ConstraintPropagation {

    private ConstraintPropagation() {
    }

    /**
     * Fills {@code lo[v]}..{@code hi[v]} (inclusive) for every variable: for an integer its value, for
     * a list its elements, given lists of at most {@code maxLength} elements.
     *
     * @return false when some input's range is empty
     */
    public static boolean bounds(ListProgram program, int maxLength, int[] lo, int[] hi) {
        int variables = program.variables();
        for (int v = 0; v < variables; v++) {
            lo[v] = ListSemantics.MIN;
            hi[v] = ListSemantics.MAX;
        }
        int length = Math.max(1, maxLength);
        for (int s = program.length() - 1; s >= 0; s--) {
            Statement statement = program.statements().get(s);
            int out = program.inputs().size() + s;
            int a = lo[out];
            int b = hi[out];
            int w = Math.min(-a, b); // half-width of the largest symmetric range inside [a, b]
            switch (statement.operator()) {
                case TAKE, DROP, ACCESS -> {
                    narrow(statement.argument(0), 0, length - 1, lo, hi);
                    narrow(statement.argument(1), a, b, lo, hi);
                }
                case COUNT_POS, COUNT_NEG, COUNT_EVEN, COUNT_ODD -> {
                    // the count is at most the length: no bound on the elements
                }
                case SUM, SCANL1_ADD -> narrow(statement.argument(0), ceilDiv(a, length), Math.floorDiv(b, length), lo, hi);
                case SCANL1_SUB -> narrow(statement.argument(0), -(w / length), w / length, lo, hi);
                case SCANL1_MUL -> {
                    int r = w < 0 ? -1 : (int) Math.floor(Math.pow(w, 1.0 / length) + 1e-9);
                    narrow(statement.argument(0), -r, r, lo, hi);
                }
                case MAP_INC -> narrow(statement.argument(0), a, b - 1, lo, hi);
                case MAP_DEC -> narrow(statement.argument(0), a + 1, b, lo, hi);
                case MAP_MUL2 -> narrow(statement.argument(0), ceilDiv(a, 2), Math.floorDiv(b, 2), lo, hi);
                case MAP_MUL3 -> narrow(statement.argument(0), ceilDiv(a, 3), Math.floorDiv(b, 3), lo, hi);
                case MAP_MUL4 -> narrow(statement.argument(0), ceilDiv(a, 4), Math.floorDiv(b, 4), lo, hi);
                case MAP_DIV2 -> narrow(statement.argument(0), 2 * a - 1, 2 * b + 1, lo, hi);
                case MAP_DIV3 -> narrow(statement.argument(0), 3 * a - 2, 3 * b + 2, lo, hi);
                case MAP_DIV4 -> narrow(statement.argument(0), 4 * a - 3, 4 * b + 3, lo, hi);
                case MAP_NEG -> narrow(statement.argument(0), -b, -a, lo, hi);
                case MAP_SQR -> {
                    int r = b < 0 ? -1 : (int) Math.floor(Math.sqrt(b));
                    narrow(statement.argument(0), -r, r, lo, hi);
                }
                case ZIPWITH_ADD -> {
                    narrow(statement.argument(0), ceilDiv(a, 2), Math.floorDiv(b, 2), lo, hi);
                    narrow(statement.argument(1), ceilDiv(a, 2), Math.floorDiv(b, 2), lo, hi);
                }
                case ZIPWITH_SUB -> {
                    narrow(statement.argument(0), -(w / 2), w / 2, lo, hi);
                    narrow(statement.argument(1), -(w / 2), w / 2, lo, hi);
                }
                case ZIPWITH_MUL -> {
                    int r = w < 0 ? -1 : (int) Math.floor(Math.sqrt(w));
                    narrow(statement.argument(0), -r, r, lo, hi);
                    narrow(statement.argument(1), -r, r, lo, hi);
                }
                default -> {
                    // HEAD, LAST, MINIMUM, MAXIMUM, REVERSE, SORT, FILTER, ZIPWITH/SCANL1 MIN and MAX keep the elements
                    for (int argument : statement.arguments()) {
                        narrow(argument, a, b, lo, hi);
                    }
                }
            }
        }
        for (int v = 0; v < program.inputs().size(); v++) {
            if (lo[v] > hi[v]) {
                return false;
            }
        }
        return true;
    }

    private static void narrow(int variable, int a, int b, int[] lo, int[] hi) {
        lo[variable] = Math.max(lo[variable], a);
        hi[variable] = Math.min(hi[variable], b);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
