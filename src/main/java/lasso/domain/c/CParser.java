package lasso.domain.c;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.c.CLexer.Kind;
import lasso.domain.c.CLexer.Lexeme;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recursive-descent parser for restricted C with C's precedence levels (unary, additive,
 * relational, equality, {@code &&}, {@code ||}, all left-associative). Every error names where it is:
 * a line and column for text, a token index for a token sequence.
 */
final class CParser {

    /**
     * Nesting (of statements, parentheses, unary operators) and depth of an expression tree beyond which
     * input is refused, not a stack overflow in a later walk of the tree. A chain such as {@code 1 + 1 + …}
     * or {@code x && y && …} is parsed in a loop but builds a left-deep tree: each operator counts.
     */
    static final int MAX_NESTING = 200;

    private final List<Lexeme> lexemes;
    private int position;
    private int nesting;
    /** Where each node starts, so that the checks after parsing can name a line and column. */
    private final Map<Object, Lexeme> starts = new IdentityHashMap<>();
    /** The depth of each expression tree built so far (a leaf is 1). */
    private final Map<CExpr, Integer> depths = new IdentityHashMap<>();

    private CParser(List<Lexeme> lexemes) {
        this.lexemes = lexemes;
    }

    static CProgram parse(List<Lexeme> lexemes) throws ProgramSyntaxException {
        return new CParser(lexemes).program();
    }

    private CProgram program() throws ProgramSyntaxException {
        position = CLexer.headerLength(lexemes);
        List<String> texts = new ArrayList<>();
        for (Lexeme lexeme : lexemes) {
            texts.add(lexeme.kind() == Kind.NAME ? lexeme.text() : "");
        }
        int excess = CTokens.firstExcessName(texts);
        if (excess >= 0) {
            throw error(lexemes.get(excess), CTokens.tooManyNames(texts.get(excess)));
        }
        if (!peek().is("{")) {
            throw error(peek(), "expected '{' to start the function body (optionally after the header "
                    + "int * func_1(int a[])) but found " + peek().shown());
        }
        CStmt.Block body = block();
        if (peek().kind() != Kind.END) {
            throw error(peek(), "unexpected " + peek().shown() + " after the end of the function");
        }
        try {
            return CProgram.checked(body);
        } catch (InvalidProgramException e) {
            Lexeme where = starts.get(e.node());
            if (e.node() == body) {
                where = lexemes.get(lexemes.size() - 2); // the closing brace
            }
            throw error(where == null ? peek() : where, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- statements

    private CStmt.Block block() throws ProgramSyntaxException {
        Lexeme open = expect("{");
        List<CStmt> statements = new ArrayList<>();
        while (!peek().is("}")) {
            if (peek().kind() == Kind.END) {
                throw error(peek(), "expected '}' to close the block opened at " + open.where()
                        + " but reached the end of the program");
            }
            statements.add(peek().is("int") ? declaration(true) : statement());
        }
        expect("}");
        return at(new CStmt.Block(statements), open);
    }

    private CStmt statement() throws ProgramSyntaxException {
        enter();
        try {
            return nestedStatement();
        } finally {
            nesting--;
        }
    }

    private CStmt nestedStatement() throws ProgramSyntaxException {
        Lexeme first = peek();
        if (first.is("{")) {
            return block();
        }
        if (first.is("if")) {
            advance();
            expect("(");
            CExpr condition = expression();
            expect(")");
            CStmt then = statement();
            CStmt otherwise = null;
            if (peek().is("else")) {
                advance();
                otherwise = statement();
            }
            return at(new CStmt.If(condition, then, otherwise), first);
        }
        if (first.is("for")) {
            advance();
            expect("(");
            CStmt init = peek().is("int") ? declaration(false) : simple();
            expect(";");
            CExpr condition = expression();
            expect(";");
            CStmt update = simple();
            expect(")");
            CStmt body = statement();
            return at(new CStmt.For(init, condition, update, body), first);
        }
        if (first.is("continue") || first.is("break")) {
            advance();
            expect(";");
            return at(first.is("continue") ? new CStmt.Continue() : new CStmt.Break(), first);
        }
        if (first.is("return")) {
            advance();
            if (!peek().is("a")) {
                throw error(peek(), "a function of restricted C returns the list: expected 'return a;' but found "
                        + peek().shown());
            }
            advance();
            expect(";");
            return at(new CStmt.Return(), first);
        }
        if (first.is("int")) {
            throw error(first, "a declaration cannot be the body of an if, else or for (put it in braces)");
        }
        CStmt simple = simple();
        expect(";");
        return simple;
    }

    private CStmt declaration(boolean withSemicolon) throws ProgramSyntaxException {
        Lexeme first = expect("int");
        Lexeme name = peek();
        if (name.kind() != Kind.NAME) {
            throw error(name, "expected a variable name (l_<n> or p_<n>) after 'int' but found " + name.shown());
        }
        advance();
        if (!peek().is("=")) {
            throw error(peek(), "a variable is declared with an initialiser: expected '=' but found " + peek().shown());
        }
        advance();
        CExpr init = expression();
        if (withSemicolon) {
            expect(";");
        }
        return at(new CStmt.Decl(name.text(), init), first);
    }

    /** An assignment, {@code +=}/{@code -=}, or a prefix or postfix {@code ++}/{@code --}. */
    private CStmt simple() throws ProgramSyntaxException {
        Lexeme first = peek();
        if (first.is("++") || first.is("--")) {
            advance();
            CExpr.Target target = target();
            return at(new CStmt.Step(target, CStmt.StepOp.of(first.text(), true)), first);
        }
        CExpr.Target target = target();
        Lexeme op = peek();
        if (op.is("++") || op.is("--")) {
            advance();
            return at(new CStmt.Step(target, CStmt.StepOp.of(op.text(), false)), first);
        }
        CStmt.AssignOp assign = op.is("=") ? CStmt.AssignOp.SET : op.is("+=") ? CStmt.AssignOp.ADD
                : op.is("-=") ? CStmt.AssignOp.SUB : null;
        if (assign == null) {
            throw error(op, "expected '=', '+=', '-=', '++' or '--' after " + first.shown() + " but found " + op.shown());
        }
        advance();
        return at(new CStmt.Assign(target, assign, expression()), first);
    }

    private CExpr.Target target() throws ProgramSyntaxException {
        Lexeme first = peek();
        if (first.kind() == Kind.NAME) {
            advance();
            return expressionNode(new CExpr.Var(first.text()), first);
        }
        if (first.is("a")) {
            return element();
        }
        throw error(first, "expected a statement but found " + first.shown());
    }

    private CExpr.Elem element() throws ProgramSyntaxException {
        Lexeme first = expect("a");
        if (!peek().is("[")) {
            throw error(peek(), "the list a is used only as a[index]: expected '[' but found " + peek().shown());
        }
        advance();
        CExpr index = expression();
        expect("]");
        return expressionNode(new CExpr.Elem(index), first);
    }

    // ---------------------------------------------------------------- expressions

    private CExpr expression() throws ProgramSyntaxException {
        enter();
        try {
            return binary(CExpr.BinaryOp.OR.precedence());
        } finally {
            nesting--;
        }
    }

    /** Operators of this precedence level and tighter ones, left-associative. */
    private CExpr binary(int level) throws ProgramSyntaxException {
        if (level > CExpr.BinaryOp.ADD.precedence()) {
            return unary();
        }
        Lexeme first = peek();
        CExpr left = binary(level + 1);
        while (true) {
            CExpr.BinaryOp op = peek().kind() == Kind.SYMBOL ? CExpr.BinaryOp.ofSymbol(peek().text()) : null;
            if (op == null || op.precedence() != level) {
                return left;
            }
            advance();
            left = expressionNode(new CExpr.Binary(op, left, binary(level + 1)), first);
        }
    }

    private CExpr unary() throws ProgramSyntaxException {
        Lexeme first = peek();
        if (first.is("-") && next().kind() == Kind.NUMBER && !next().text().equals("0")) {
            advance();
            Lexeme number = advance();
            return expressionNode(new CExpr.Const(-Integer.parseInt(number.text())), first);
        }
        CExpr.UnaryOp op = first.is("-") ? CExpr.UnaryOp.NEG : first.is("+") ? CExpr.UnaryOp.PLUS
                : first.is("!") ? CExpr.UnaryOp.NOT : null;
        if (op != null) {
            advance();
            enter();
            try {
                return expressionNode(new CExpr.Unary(op, unary()), first);
            } finally {
                nesting--;
            }
        }
        return primary();
    }

    private CExpr primary() throws ProgramSyntaxException {
        Lexeme first = peek();
        if (first.kind() == Kind.NUMBER) {
            advance();
            return expressionNode(new CExpr.Const(Integer.parseInt(first.text())), first);
        }
        if (first.kind() == Kind.NAME) {
            advance();
            return expressionNode(new CExpr.Var(first.text()), first);
        }
        if (first.is("a")) {
            return element();
        }
        if (first.is("(")) {
            advance();
            CExpr inner = expression();
            expect(")");
            return expressionNode(new CExpr.Paren(inner), first);
        }
        if (first.is("++") || first.is("--")) {
            throw error(first, "'" + first.text() + "' is a statement in restricted C, not an operator inside an expression");
        }
        throw error(first, "expected an expression but found " + first.shown());
    }

    // ---------------------------------------------------------------- helpers

    private void enter() throws ProgramSyntaxException {
        if (++nesting > MAX_NESTING) {
            throw error(peek(), "nested more than " + MAX_NESTING + " levels deep");
        }
    }

    /** An expression node, refused when its tree grows deeper than {@link #MAX_NESTING}. */
    private <T extends CExpr> T expressionNode(T node, Lexeme start) throws ProgramSyntaxException {
        int depth = 1;
        if (node instanceof CExpr.Binary b) {
            depth += Math.max(depth(b.left()), depth(b.right()));
        } else if (node instanceof CExpr.Unary u) {
            depth += depth(u.operand());
        } else if (node instanceof CExpr.Paren p) {
            depth += depth(p.inner());
        } else if (node instanceof CExpr.Elem e) {
            depth += depth(e.index());
        }
        if (depth > MAX_NESTING) {
            throw error(start, "expression nested more than " + MAX_NESTING + " levels deep (in a chain such as "
                    + "1 + 1 + … or x && y && …, each operator counts as a level)");
        }
        if (depth > 1) {
            depths.put(node, depth);
        }
        return at(node, start);
    }

    private int depth(CExpr node) {
        return depths.getOrDefault(node, 1);
    }

    private <T> T at(T node, Lexeme start) {
        starts.put(node, start);
        return node;
    }

    private Lexeme peek() {
        return lexemes.get(position);
    }

    private Lexeme next() {
        return lexemes.get(Math.min(position + 1, lexemes.size() - 1));
    }

    private Lexeme advance() {
        Lexeme lexeme = lexemes.get(position);
        if (lexeme.kind() != Kind.END) {
            position++;
        }
        return lexeme;
    }

    private Lexeme expect(String text) throws ProgramSyntaxException {
        Lexeme lexeme = peek();
        if (!lexeme.is(text)) {
            throw error(lexeme, "expected '" + text + "' but found " + lexeme.shown());
        }
        return advance();
    }

    private static ProgramSyntaxException error(Lexeme where, String message) {
        return new ProgramSyntaxException(where.where() + ": " + message);
    }
}
