package lasso.domain.c;

/** Readable C in the style of the LaSynth paper: the header, braces on their own lines, 4-space indent. */
final class CPrinter {

    static final String HEADER = "int * func_1(int a[])";

    private final StringBuilder out = new StringBuilder();

    private CPrinter() {
    }

    /** The whole function, header included, without a final newline. */
    static String print(CStmt.Block body) {
        CPrinter printer = new CPrinter();
        printer.out.append(HEADER).append('\n');
        printer.statement(body, 0, "");
        printer.out.setLength(printer.out.length() - 1);
        return printer.out.toString();
    }

    private void statement(CStmt statement, int indent, String prefix) {
        if (statement instanceof CStmt.Block block) {
            line(indent, prefix + "{");
            for (CStmt child : block.statements()) {
                statement(child, indent + 1, "");
            }
            line(indent, "}");
        } else if (statement instanceof CStmt.If s) {
            line(indent, prefix + "if (" + expression(s.condition()) + ")");
            body(s.then(), indent);
            if (s.otherwise() instanceof CStmt.If) {
                statement(s.otherwise(), indent, "else ");
            } else if (s.otherwise() != null) {
                line(indent, "else");
                body(s.otherwise(), indent);
            }
        } else if (statement instanceof CStmt.For s) {
            line(indent, prefix + "for (" + simple(s.init()) + "; " + expression(s.condition()) + "; "
                    + simple(s.update()) + ")");
            body(s.body(), indent);
        } else {
            line(indent, prefix + simple(statement) + ";");
        }
    }

    /** A braced body sits under its header; a single statement is indented one level more. */
    private void body(CStmt body, int indent) {
        statement(body, body instanceof CStmt.Block ? indent : indent + 1, "");
    }

    private void line(int indent, String text) {
        out.append("    ".repeat(indent)).append(text).append('\n');
    }

    static String simple(CStmt statement) {
        if (statement instanceof CStmt.Decl s) {
            return "int " + s.name() + " = " + expression(s.init());
        } else if (statement instanceof CStmt.Assign s) {
            return expression(s.target()) + " " + s.op().symbol() + " " + expression(s.value());
        } else if (statement instanceof CStmt.Step s) {
            return s.op().prefix() ? s.op().symbol() + expression(s.target())
                    : expression(s.target()) + s.op().symbol();
        } else if (statement instanceof CStmt.Continue) {
            return "continue";
        } else if (statement instanceof CStmt.Break) {
            return "break";
        } else if (statement instanceof CStmt.Return) {
            return "return a";
        }
        throw new IllegalArgumentException("not a simple statement: " + statement);
    }

    static String expression(CExpr expression) {
        if (expression instanceof CExpr.Const c) {
            return Integer.toString(c.value());
        } else if (expression instanceof CExpr.Var v) {
            return v.name();
        } else if (expression instanceof CExpr.Elem e) {
            return "a[" + expression(e.index()) + "]";
        } else if (expression instanceof CExpr.Paren p) {
            return "(" + expression(p.inner()) + ")";
        } else if (expression instanceof CExpr.Unary u) {
            String operand = expression(u.operand());
            // "- -3", not "--3", which C reads as a decrement.
            boolean space = u.op() != CExpr.UnaryOp.NOT && operand.startsWith(u.op().symbol());
            return u.op().symbol() + (space ? " " : "") + operand;
        } else if (expression instanceof CExpr.Binary b) {
            return expression(b.left()) + " " + b.op().symbol() + " " + expression(b.right());
        }
        throw new IllegalArgumentException("unknown expression " + expression);
    }
}
