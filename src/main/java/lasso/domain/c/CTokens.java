package lasso.domain.c;

import lasso.domain.TokenSpan;
import lasso.domain.Vocabulary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The word-level tokens of restricted C (models.md A.5): a program is the token sequence of its body,
 * from {@code {} to {@code }}; the fixed header {@code int * func_1(int a[])} is left out, as in
 * LaSynth. Numbers are spelt digit by digit ({@code 1 2} is twelve) and a negative literal is
 * {@code -} then its digits, so a model that decodes token by token can write any constant from a
 * vocabulary of fixed size. Variables are renamed {@code l_0, l_1, …} and {@code p_0, p_1, …} in
 * order of first appearance; renaming a whole family consistently keeps every scope as it was.
 */
final class CTokens {

    /** Distinct variable names per family ({@code l_}, {@code p_}) a program may use. */
    static final int NAMES_PER_FAMILY = 16;

    static final List<String> KEYWORDS = List.of("int", "for", "if", "else", "return", "continue", "break");
    static final List<String> SYMBOLS = List.of("{", "}", "(", ")", "[", "]", ";",
            "=", "+=", "-=", "++", "--", "+", "-", "!", "==", "!=", "<", "<=", ">", ">=", "&&", "||");

    static final Vocabulary VOCABULARY = vocabulary();

    private CTokens() {
    }

    private static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>(KEYWORDS);
        tokens.add("a");
        tokens.addAll(SYMBOLS);
        for (int digit = 0; digit <= 9; digit++) {
            tokens.add(Integer.toString(digit));
        }
        for (char family : new char[] {'l', 'p'}) {
            for (int i = 0; i < NAMES_PER_FAMILY; i++) {
                tokens.add(family + "_" + i);
            }
        }
        return new Vocabulary(tokens);
    }

    /** The token spans of a statement and of its sub-statements, in the tree's child order. */
    record Spans(TokenSpan span, TokenSpan condition, List<Spans> children) {
    }

    /** A body's tokens (with the names as written) and the spans of its statements. */
    record Written(List<String> tokens, Spans spans) {
    }

    static Written write(CStmt.Block body) {
        Writer writer = new Writer();
        Spans spans = writer.statement(body);
        return new Written(List.copyOf(writer.out), spans);
    }

    /**
     * The canonical name of every variable name among the tokens, in order of first appearance.
     *
     * @throws IllegalArgumentException when a family has more than {@value #NAMES_PER_FAMILY} names
     */
    static Map<String, String> canonicalNames(List<String> tokens) {
        int excess = firstExcessName(tokens);
        if (excess >= 0) {
            throw new IllegalArgumentException(tooManyNames(tokens.get(excess)));
        }
        Map<String, String> names = new LinkedHashMap<>();
        int[] counts = new int[2];
        for (String token : tokens) {
            if (CNames.isVariable(token) && !names.containsKey(token)) {
                int family = CNames.family(token) == 'l' ? 0 : 1;
                names.put(token, CNames.family(token) + "_" + counts[family]++);
            }
        }
        return names;
    }

    /** The index of the first name beyond a family's limit, or -1 if there is none. */
    static int firstExcessName(List<String> tokens) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        int[] counts = new int[2];
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (CNames.isVariable(token) && seen.put(token, Boolean.TRUE) == null) {
                int family = CNames.family(token) == 'l' ? 0 : 1;
                if (++counts[family] > NAMES_PER_FAMILY) {
                    return i;
                }
            }
        }
        return -1;
    }

    static String tooManyNames(String name) {
        return "too many distinct " + CNames.family(name) + "_ variables at '" + name + "' (at most "
                + NAMES_PER_FAMILY + ", the vocabulary's " + CNames.family(name) + "_0.."
                + CNames.family(name) + "_" + (NAMES_PER_FAMILY - 1) + ")";
    }

    static List<String> rename(List<String> tokens, Map<String, String> names) {
        List<String> renamed = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            renamed.add(names.getOrDefault(token, token));
        }
        return List.copyOf(renamed);
    }

    /** Adds a literal's tokens: {@code -} for a negative value, then one token per digit. */
    static void addNumber(List<String> out, int value) {
        if (value < 0) {
            out.add("-");
        }
        String digits = Integer.toString(Math.abs(value));
        for (int i = 0; i < digits.length(); i++) {
            out.add(String.valueOf(digits.charAt(i)));
        }
    }

    private static final class Writer {
        final List<String> out = new ArrayList<>();

        Spans statement(CStmt statement) {
            int start = out.size();
            TokenSpan condition = null;
            List<Spans> children = List.of();
            if (statement instanceof CStmt.Block block) {
                out.add("{");
                List<Spans> inner = new ArrayList<>();
                for (CStmt child : block.statements()) {
                    inner.add(statement(child));
                }
                out.add("}");
                children = inner;
            } else if (statement instanceof CStmt.If s) {
                out.add("if");
                out.add("(");
                condition = expression(s.condition());
                out.add(")");
                Spans then = statement(s.then());
                if (s.otherwise() != null) {
                    out.add("else");
                    children = List.of(then, statement(s.otherwise()));
                } else {
                    children = List.of(then);
                }
            } else if (statement instanceof CStmt.For s) {
                out.add("for");
                out.add("(");
                Spans init = simple(s.init());
                out.add(";");
                condition = expression(s.condition());
                out.add(";");
                Spans update = simple(s.update());
                out.add(")");
                children = List.of(init, update, statement(s.body()));
            } else {
                simple(statement);
                out.add(";");
            }
            return new Spans(new TokenSpan(start, out.size() - 1), condition, children);
        }

        /** A statement without its {@code ;}, as it also stands in a {@code for} header. */
        Spans simple(CStmt statement) {
            int start = out.size();
            if (statement instanceof CStmt.Decl s) {
                out.add("int");
                out.add(s.name());
                out.add("=");
                expression(s.init());
            } else if (statement instanceof CStmt.Assign s) {
                expression(s.target());
                out.add(s.op().symbol());
                expression(s.value());
            } else if (statement instanceof CStmt.Step s) {
                if (s.op().prefix()) {
                    out.add(s.op().symbol());
                    expression(s.target());
                } else {
                    expression(s.target());
                    out.add(s.op().symbol());
                }
            } else if (statement instanceof CStmt.Continue) {
                out.add("continue");
            } else if (statement instanceof CStmt.Break) {
                out.add("break");
            } else if (statement instanceof CStmt.Return) {
                out.add("return");
                out.add("a");
            } else {
                throw new IllegalArgumentException("a " + statement.getClass().getSimpleName()
                        + " cannot stand in a for header");
            }
            return new Spans(new TokenSpan(start, out.size() - 1), null, List.of());
        }

        TokenSpan expression(CExpr expression) {
            int start = out.size();
            if (expression instanceof CExpr.Const c) {
                addNumber(out, c.value());
            } else if (expression instanceof CExpr.Var v) {
                out.add(v.name());
            } else if (expression instanceof CExpr.Elem e) {
                out.add("a");
                out.add("[");
                expression(e.index());
                out.add("]");
            } else if (expression instanceof CExpr.Paren p) {
                out.add("(");
                expression(p.inner());
                out.add(")");
            } else if (expression instanceof CExpr.Unary u) {
                out.add(u.op().symbol());
                expression(u.operand());
            } else if (expression instanceof CExpr.Binary b) {
                expression(b.left());
                out.add(b.op().symbol());
                expression(b.right());
            }
            return new TokenSpan(start, out.size() - 1);
        }
    }
}
