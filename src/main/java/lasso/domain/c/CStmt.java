package lasso.domain.c;

import java.util.List;

/**
 * A statement of restricted C. Braces are kept ({@link Block}) because {@code if (c) s;} and
 * {@code if (c) { s; }} print differently; declarations stand only directly inside a block, as C
 * requires.
 */
public sealed interface CStmt permits CStmt.Decl, CStmt.Assign, CStmt.Step, CStmt.If, CStmt.For,
        CStmt.Block, CStmt.Continue, CStmt.Break, CStmt.Return {

    /** {@code int name = init;} */
    record Decl(String name, CExpr init) implements CStmt {
        public Decl {
            CNames.require(name);
        }
    }

    /** {@code target = value;}, {@code target += value;} or {@code target -= value;} */
    record Assign(CExpr.Target target, AssignOp op, CExpr value) implements CStmt {
    }

    /** {@code ++target;}, {@code target++;}, {@code --target;} or {@code target--;} */
    record Step(CExpr.Target target, StepOp op) implements CStmt {
    }

    /** {@code if (condition) then} with an optional {@code else otherwise} (null when absent). */
    record If(CExpr condition, CStmt then, CStmt otherwise) implements CStmt {
    }

    /**
     * {@code for (init; condition; update) body}: {@code init} is a declaration, an assignment or a
     * step; {@code update} an assignment or a step.
     */
    record For(CStmt init, CExpr condition, CStmt update, CStmt body) implements CStmt {
    }

    /** {@code { statements }}, its own scope. */
    record Block(List<CStmt> statements) implements CStmt {
        public Block {
            statements = List.copyOf(statements);
        }
    }

    /**
     * {@code if (condition) then else otherwise} (otherwise may be null), with braces around
     * {@code then} where C would otherwise give the else to an inner if.
     */
    static If ifStatement(CExpr condition, CStmt then, CStmt otherwise) {
        boolean braces = otherwise != null && endsWithOpenIf(then);
        return new If(condition, braces ? new Block(List.of(then)) : then, otherwise);
    }

    /** Whether an else after this statement would be taken by an if inside it (C's dangling else). */
    static boolean endsWithOpenIf(CStmt statement) {
        if (statement instanceof If s) {
            return s.otherwise() == null || endsWithOpenIf(s.otherwise());
        }
        return statement instanceof For s && endsWithOpenIf(s.body());
    }

    record Continue() implements CStmt {
    }

    record Break() implements CStmt {
    }

    /** {@code return a;} */
    record Return() implements CStmt {
    }

    enum AssignOp {
        SET("="), ADD("+="), SUB("-=");

        private final String symbol;

        AssignOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum StepOp {
        PRE_INC("++", true, 1), POST_INC("++", false, 1), PRE_DEC("--", true, -1), POST_DEC("--", false, -1);

        private final String symbol;
        private final boolean prefix;
        private final int delta;

        StepOp(String symbol, boolean prefix, int delta) {
            this.symbol = symbol;
            this.prefix = prefix;
            this.delta = delta;
        }

        public String symbol() {
            return symbol;
        }

        public boolean prefix() {
            return prefix;
        }

        public int delta() {
            return delta;
        }

        static StepOp of(String symbol, boolean prefix) {
            boolean inc = symbol.equals("++");
            return prefix ? (inc ? PRE_INC : PRE_DEC) : (inc ? POST_INC : POST_DEC);
        }
    }
}
