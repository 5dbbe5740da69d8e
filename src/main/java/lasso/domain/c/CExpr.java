package lasso.domain.c;

/**
 * An int expression of restricted C. Expressions have no side effects (assignments and {@code ++}/
 * {@code --} are statements), so evaluation order never matters.
 *
 * <p>The tree keeps the program's parentheses ({@link Paren}) so that printing gives back the same
 * tokens; a negative literal is one {@link Const} (the tokens {@code -} and its digits). Build trees
 * with {@link #binary} and {@link #unary}, which add the parentheses C's precedence needs.
 */
public sealed interface CExpr permits CExpr.Const, CExpr.Target, CExpr.Unary, CExpr.Binary, CExpr.Paren {

    /** Precedence of constants, variables, {@code a[…]} and parenthesised expressions. */
    int PRIMARY = 7;
    /** Precedence of unary operators (and of negative literals, printed {@code -k}). */
    int UNARY = 6;

    /** How tightly this expression binds, as C's grammar levels: higher binds tighter. */
    int precedence();

    /** Something that can be assigned: a variable or an element of the list. */
    sealed interface Target extends CExpr permits Var, Elem {
    }

    /** An int literal; negative values are written {@code -} then the digits. */
    record Const(int value) implements CExpr {
        public Const {
            if (value == Integer.MIN_VALUE) {
                throw new IllegalArgumentException("constant " + value + " has no literal in C's int");
            }
        }

        @Override
        public int precedence() {
            return value < 0 ? UNARY : PRIMARY;
        }
    }

    /** A variable ({@code l_<n>} or {@code p_<n>}). */
    record Var(String name) implements Target {
        public Var {
            CNames.require(name);
        }

        @Override
        public int precedence() {
            return PRIMARY;
        }
    }

    /** An element of the list: {@code a[index]}. */
    record Elem(CExpr index) implements Target {
        @Override
        public int precedence() {
            return PRIMARY;
        }
    }

    /** {@code (inner)}. */
    record Paren(CExpr inner) implements CExpr {
        @Override
        public int precedence() {
            return PRIMARY;
        }
    }

    record Unary(UnaryOp op, CExpr operand) implements CExpr {
        @Override
        public int precedence() {
            return UNARY;
        }
    }

    record Binary(BinaryOp op, CExpr left, CExpr right) implements CExpr {
        @Override
        public int precedence() {
            return op.precedence();
        }
    }

    enum UnaryOp {
        NEG("-"), PLUS("+"), NOT("!");

        private final String symbol;

        UnaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** C's binary operators of the subset, with their precedence levels (all left-associative). */
    enum BinaryOp {
        ADD("+", 5), SUB("-", 5),
        LT("<", 4), LE("<=", 4), GT(">", 4), GE(">=", 4),
        EQ("==", 3), NE("!=", 3),
        AND("&&", 2), OR("||", 1);

        private final String symbol;
        private final int precedence;

        BinaryOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        public int precedence() {
            return precedence;
        }

        public boolean isComparison() {
            return precedence == 4 || precedence == 3;
        }

        public boolean isArithmetic() {
            return precedence == 5;
        }

        public boolean isLogical() {
            return precedence <= 2;
        }

        /** The value C gives (32-bit wrap-around; comparisons and logic give 0 or 1). */
        public int apply(int left, int right) {
            return switch (this) {
                case ADD -> left + right;
                case SUB -> left - right;
                case LT -> left < right ? 1 : 0;
                case LE -> left <= right ? 1 : 0;
                case GT -> left > right ? 1 : 0;
                case GE -> left >= right ? 1 : 0;
                case EQ -> left == right ? 1 : 0;
                case NE -> left != right ? 1 : 0;
                case AND -> left != 0 && right != 0 ? 1 : 0;
                case OR -> left != 0 || right != 0 ? 1 : 0;
            };
        }

        static BinaryOp ofSymbol(String symbol) {
            for (BinaryOp op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    static Const constant(int value) {
        return new Const(value);
    }

    static Var var(String name) {
        return new Var(name);
    }

    static Elem elem(CExpr index) {
        return new Elem(index);
    }

    /** {@code left op right}, with the parentheses C's precedence and left-associativity need. */
    static CExpr binary(BinaryOp op, CExpr left, CExpr right) {
        CExpr l = left.precedence() < op.precedence() ? new Paren(left) : left;
        CExpr r = right.precedence() <= op.precedence() ? new Paren(right) : right;
        return new Binary(op, l, r);
    }

    /** {@code op operand}; minus on a positive literal gives the negative literal. */
    static CExpr unary(UnaryOp op, CExpr operand) {
        if (op == UnaryOp.NEG && operand instanceof Const c && c.value() > 0) {
            return new Const(-c.value());
        }
        return new Unary(op, operand.precedence() < UNARY ? new Paren(operand) : operand);
    }
}
