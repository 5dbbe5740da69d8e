package lasso.domain.c;

import lasso.domain.TokenSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a syntax tree against C's rules for the subset (scopes, where declarations, {@code break}
 * and {@code continue} may stand, a final {@code return a;}, a tree that prints as it is) and
 * compiles it to {@link CCode}.
 *
 * <p>What one step is (the unit of the step limit and of traces): one executed simple statement
 * (declaration, assignment, {@code +=}/{@code -=}, {@code ++}/{@code --}, {@code continue},
 * {@code break}, {@code return}; a {@code for}'s init and update count as such statements), one
 * evaluation of an {@code if} condition, and one evaluation of a {@code for} condition. Braces
 * cost nothing. So every loop iteration costs at least two steps, and no loop runs unbounded.
 */
final class CCompiler {

    private final boolean traced;
    private final Map<String, String> canonicalNames;
    private int[] code = new int[64];
    private int size;
    private int depth;
    private int maxDepth;
    /** Calls of {@link #value} and {@link #branch} under way: the depth of the expression being compiled. */
    private int expressionDepth;
    private int slots;
    private final List<Map<String, Integer>> scopes = new ArrayList<>();
    private String initialising;
    private final List<Loop> loops = new ArrayList<>();
    private final List<CCode.Site> sites = new ArrayList<>();

    private record Loop(Label continueTarget, Label breakTarget) {
    }

    /** A jump target, patched into every jump that used it once it is placed. */
    private final class Label {
        private int position = -1;
        private int[] patches = new int[4];
        private int count;

        void place() {
            position = size;
            for (int i = 0; i < count; i++) {
                code[patches[i]] = position;
            }
        }

        void jumpHere(int operandIndex) {
            if (position >= 0) {
                code[operandIndex] = position;
                return;
            }
            if (count == patches.length) {
                patches = Arrays.copyOf(patches, count * 2);
            }
            patches[count++] = operandIndex;
        }
    }

    private CCompiler(boolean traced, Map<String, String> canonicalNames) {
        this.traced = traced;
        this.canonicalNames = canonicalNames;
    }

    /** Checks and compiles a program for fast runs. */
    static CCode compile(CStmt.Block body) throws InvalidProgramException {
        return new CCompiler(false, Map.of()).program(body, null);
    }

    /** Compiles a valid program with the events and state snapshots traces need. */
    static CCode compileTraced(CStmt.Block body, CTokens.Spans spans, Map<String, String> canonicalNames) {
        try {
            return new CCompiler(true, canonicalNames).program(body, spans);
        } catch (InvalidProgramException e) {
            throw new IllegalStateException("a checked program failed to compile: " + e.getMessage(), e);
        }
    }

    private CCode program(CStmt.Block body, CTokens.Spans spans) throws InvalidProgramException {
        List<CStmt> statements = body.statements();
        if (statements.isEmpty() || !(statements.get(statements.size() - 1) instanceof CStmt.Return)) {
            Object where = statements.isEmpty() ? body : statements.get(statements.size() - 1);
            throw new InvalidProgramException(where, "the function must end with 'return a;'");
        }
        statement(body, spans);
        return new CCode(Arrays.copyOf(code, size), slots, maxDepth, sites.toArray(new CCode.Site[0]), traced);
    }

    // ---------------------------------------------------------------- statements

    private void statement(CStmt statement, CTokens.Spans spans) throws InvalidProgramException {
        if (statement instanceof CStmt.Block block) {
            scopes.add(new HashMap<>());
            for (int i = 0; i < block.statements().size(); i++) {
                CStmt child = block.statements().get(i);
                if (child instanceof CStmt.Decl) {
                    simple(child, child(spans, i));
                } else {
                    statement(child, child(spans, i));
                }
            }
            scopes.remove(scopes.size() - 1);
        } else if (statement instanceof CStmt.If s) {
            ifStatement(s, spans);
        } else if (statement instanceof CStmt.For s) {
            forStatement(s, spans);
        } else if (statement instanceof CStmt.Decl) {
            throw new InvalidProgramException(statement,
                    "a declaration cannot be the body of an if, else or for (put it in braces)");
        } else {
            simple(statement, spans);
        }
    }

    private void ifStatement(CStmt.If s, CTokens.Spans spans) throws InvalidProgramException {
        if (s.otherwise() != null && CStmt.endsWithOpenIf(s.then())) {
            throw new InvalidProgramException(s,
                    "this else would belong to the inner if (braces are needed around the inner if)");
        }
        int site = site("if", spans);
        emit(CMachine.STEP, site);
        Label otherwise = new Label();
        condition(s.condition(), site, otherwise);
        statement(s.then(), child(spans, 0));
        if (s.otherwise() != null) {
            Label end = new Label();
            jump(CMachine.JMP, end, 0);
            otherwise.place();
            statement(s.otherwise(), child(spans, 1));
            end.place();
        } else {
            otherwise.place();
        }
    }

    private void forStatement(CStmt.For s, CTokens.Spans spans) throws InvalidProgramException {
        if (!(s.init() instanceof CStmt.Decl || s.init() instanceof CStmt.Assign || s.init() instanceof CStmt.Step)) {
            throw new InvalidProgramException(s.init(), "a for loop starts with a declaration or an assignment");
        }
        if (!(s.update() instanceof CStmt.Assign || s.update() instanceof CStmt.Step)) {
            throw new InvalidProgramException(s.update(), "a for loop's update is an assignment, ++ or --");
        }
        scopes.add(new HashMap<>());
        simple(s.init(), child(spans, 0));
        Label top = new Label();
        Label next = new Label();
        Label end = new Label();
        top.place();
        int site = site("for", spans);
        emit(CMachine.STEP, site);
        condition(s.condition(), site, end);
        loops.add(new Loop(next, end));
        statement(s.body(), child(spans, 2));
        loops.remove(loops.size() - 1);
        next.place();
        simple(s.update(), child(spans, 1));
        jump(CMachine.JMP, top, 0);
        end.place();
        scopes.remove(scopes.size() - 1);
    }

    /** Jumps to {@code otherwise} when the condition is false. */
    private void condition(CExpr condition, int site, Label otherwise) throws InvalidProgramException {
        if (traced) {
            value(condition);
            emit(CMachine.COND, site);
            jump(CMachine.JZ, otherwise, -1);
        } else {
            branch(condition, false, otherwise);
        }
    }

    private void simple(CStmt statement, CTokens.Spans spans) throws InvalidProgramException {
        if (statement instanceof CStmt.Decl s) {
            Map<String, Integer> scope = scopes.get(scopes.size() - 1);
            if (scope.containsKey(s.name())) {
                throw new InvalidProgramException(s, s.name() + " is already declared in this block");
            }
            int slot = slots++;
            scope.put(s.name(), slot); // C: the name's scope starts at its declarator
            int site = site("declare", spans);
            emit(CMachine.STEP, site);
            initialising = s.name();
            value(s.init());
            initialising = null;
            emit(CMachine.STORE, CCode.VARS + slot);
            pop(1);
            event(site);
        } else if (statement instanceof CStmt.Assign s) {
            int site = site(switch (s.op()) {
                case SET -> "assign";
                case ADD -> "add-assign";
                case SUB -> "subtract-assign";
            }, spans);
            emit(CMachine.STEP, site);
            if (s.target() instanceof CExpr.Var v) {
                int cell = variable(v);
                value(s.value());
                emit(switch (s.op()) {
                    case SET -> CMachine.STORE;
                    case ADD -> CMachine.ADDTO;
                    case SUB -> CMachine.SUBFROM;
                }, cell);
                pop(1);
            } else {
                CExpr index = ((CExpr.Elem) s.target()).index();
                int k = constantIndex(index);
                if (k >= 0) {
                    value(s.value());
                    emit(switch (s.op()) {
                        case SET -> CMachine.STOREAC;
                        case ADD -> CMachine.ADDAC;
                        case SUB -> CMachine.SUBAC;
                    }, k);
                    pop(1);
                } else if (index instanceof CExpr.Var v) {
                    int cell = variable(v);
                    value(s.value());
                    emit(switch (s.op()) {
                        case SET -> CMachine.STOREAV;
                        case ADD -> CMachine.ADDAV;
                        case SUB -> CMachine.SUBAV;
                    }, cell);
                    pop(1);
                } else {
                    value(index);
                    value(s.value());
                    emit(switch (s.op()) {
                        case SET -> CMachine.STOREA;
                        case ADD -> CMachine.ADDA;
                        case SUB -> CMachine.SUBA;
                    });
                    pop(2);
                }
            }
            event(site);
        } else if (statement instanceof CStmt.Step s) {
            int site = site(s.op().delta() > 0 ? "increment" : "decrement", spans);
            emit(CMachine.STEP, site);
            if (s.target() instanceof CExpr.Var v) {
                emit(CMachine.INCV, variable(v), s.op().delta());
            } else {
                CExpr index = ((CExpr.Elem) s.target()).index();
                int k = constantIndex(index);
                if (k >= 0) {
                    emit(CMachine.INCAC, k, s.op().delta());
                } else if (index instanceof CExpr.Var v) {
                    emit(CMachine.INCAV, variable(v), s.op().delta());
                } else {
                    value(index);
                    emit(CMachine.INCA, s.op().delta());
                    pop(1);
                }
            }
            event(site);
        } else if (statement instanceof CStmt.Continue || statement instanceof CStmt.Break) {
            boolean isContinue = statement instanceof CStmt.Continue;
            if (loops.isEmpty()) {
                throw new InvalidProgramException(statement,
                        (isContinue ? "continue" : "break") + " is only allowed inside a for loop");
            }
            int site = site(isContinue ? "continue" : "break", spans);
            emit(CMachine.STEP, site);
            event(site);
            Loop loop = loops.get(loops.size() - 1);
            jump(CMachine.JMP, isContinue ? loop.continueTarget() : loop.breakTarget(), 0);
        } else if (statement instanceof CStmt.Return) {
            int site = site("return", spans);
            emit(CMachine.STEP, site);
            event(site);
            emit(CMachine.RET);
        } else {
            throw new InvalidProgramException(statement, "a " + statement.getClass().getSimpleName()
                    + " cannot stand here");
        }
    }

    // ---------------------------------------------------------------- expressions

    /**
     * Leaves the expression's value on the stack. Recursive, so refused beyond the parser's depth: a
     * tree built otherwise (by mutation, say) cannot overflow the stack here.
     */
    private void value(CExpr expression) throws InvalidProgramException {
        enter(expression);
        try {
            emitValue(expression);
        } finally {
            expressionDepth--;
        }
    }

    private void enter(CExpr expression) throws InvalidProgramException {
        if (++expressionDepth > CParser.MAX_NESTING) {
            expressionDepth--;
            throw new InvalidProgramException(expression, "expression nested more than " + CParser.MAX_NESTING
                    + " levels deep");
        }
    }

    private void emitValue(CExpr expression) throws InvalidProgramException {
        if (expression instanceof CExpr.Const c) {
            emit(CMachine.CONST, c.value());
            push();
        } else if (expression instanceof CExpr.Var v) {
            emit(CMachine.LOAD, variable(v));
            push();
        } else if (expression instanceof CExpr.Elem e) {
            int k = constantIndex(e.index());
            if (k >= 0) {
                emit(CMachine.ELEMC, k);
                push();
            } else if (e.index() instanceof CExpr.Var v) {
                emit(CMachine.ELEMV, variable(v));
                push();
            } else {
                value(e.index());
                emit(CMachine.ELEM);
            }
        } else if (expression instanceof CExpr.Paren p) {
            value(p.inner());
        } else if (expression instanceof CExpr.Unary u) {
            checkUnary(u);
            value(u.operand());
            switch (u.op()) {
                case NEG -> emit(CMachine.NEG);
                case NOT -> emit(CMachine.NOT);
                case PLUS -> {
                }
            }
        } else if (expression instanceof CExpr.Binary b) {
            checkBinary(b);
            if (b.op().isLogical()) {
                Label no = new Label();
                Label end = new Label();
                branch(b, false, no);
                emit(CMachine.CONST, 1);
                jump(CMachine.JMP, end, 0);
                no.place();
                emit(CMachine.CONST, 0);
                end.place();
                push();
                return;
            }
            value(b.left());
            if (b.op().isArithmetic() && b.right() instanceof CExpr.Const c) {
                emit(b.op() == CExpr.BinaryOp.ADD ? CMachine.ADDC : CMachine.SUBC, c.value());
                return;
            }
            value(b.right());
            emit(switch (b.op()) {
                case ADD -> CMachine.ADD;
                case SUB -> CMachine.SUB;
                case LT -> CMachine.LT;
                case LE -> CMachine.LE;
                case GT -> CMachine.GT;
                case GE -> CMachine.GE;
                case EQ -> CMachine.EQ;
                case NE -> CMachine.NE;
                default -> throw new IllegalStateException();
            });
            pop(1);
        } else {
            throw new InvalidProgramException(expression, "unknown expression");
        }
    }

    /** Jumps to {@code target} when the expression's truth equals {@code when}; falls through otherwise. */
    private void branch(CExpr expression, boolean when, Label target) throws InvalidProgramException {
        enter(expression);
        try {
            emitBranch(expression, when, target);
        } finally {
            expressionDepth--;
        }
    }

    private void emitBranch(CExpr expression, boolean when, Label target) throws InvalidProgramException {
        if (expression instanceof CExpr.Paren p) {
            branch(p.inner(), when, target);
        } else if (expression instanceof CExpr.Unary u && u.op() == CExpr.UnaryOp.NOT) {
            checkUnary(u);
            branch(u.operand(), !when, target);
        } else if (expression instanceof CExpr.Binary b && b.op().isLogical()) {
            checkBinary(b);
            // a && b is false as soon as a is; a || b is true as soon as a is.
            boolean decidesEarly = b.op() == CExpr.BinaryOp.OR;
            if (when == decidesEarly) {
                branch(b.left(), when, target);
                branch(b.right(), when, target);
            } else {
                Label skip = new Label();
                branch(b.left(), decidesEarly, skip);
                branch(b.right(), when, target);
                skip.place();
            }
        } else if (expression instanceof CExpr.Binary b && b.op().isComparison()) {
            checkBinary(b);
            CExpr.BinaryOp op = when ? b.op() : negation(b.op());
            if (b.right() instanceof CExpr.Const c) {
                if (b.left() instanceof CExpr.Var v) {
                    emit(relation(op, CMachine.JLTVC), variable(v), c.value());
                    jumpOperand(target, 0);
                } else {
                    value(b.left());
                    emit(relation(op, CMachine.JLTC), c.value());
                    jumpOperand(target, -1);
                }
                return;
            }
            value(b.left());
            value(b.right());
            jump(switch (op) {
                case LT -> CMachine.JLT;
                case LE -> CMachine.JLE;
                case GT -> CMachine.JGT;
                case GE -> CMachine.JGE;
                case EQ -> CMachine.JEQ;
                case NE -> CMachine.JNE;
                default -> throw new IllegalStateException();
            }, target, -2);
        } else {
            value(expression);
            jump(when ? CMachine.JNZ : CMachine.JZ, target, -1);
        }
    }

    /** The opcode of a comparison in a family laid out as LT, LE, GT, GE, EQ, NE from {@code first}. */
    private static int relation(CExpr.BinaryOp op, int first) {
        return first + switch (op) {
            case LT -> 0;
            case LE -> 1;
            case GT -> 2;
            case GE -> 3;
            case EQ -> 4;
            case NE -> 5;
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private static CExpr.BinaryOp negation(CExpr.BinaryOp op) {
        return switch (op) {
            case LT -> CExpr.BinaryOp.GE;
            case LE -> CExpr.BinaryOp.GT;
            case GT -> CExpr.BinaryOp.LE;
            case GE -> CExpr.BinaryOp.LT;
            case EQ -> CExpr.BinaryOp.NE;
            case NE -> CExpr.BinaryOp.EQ;
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    /** The tree must print as it stands: parentheses where C's precedence needs them. */
    private static void checkBinary(CExpr.Binary b) throws InvalidProgramException {
        if (b.left().precedence() < b.op().precedence() || b.right().precedence() <= b.op().precedence()) {
            throw new InvalidProgramException(b, "operand of '" + b.op().symbol()
                    + "' needs parentheses (build trees with CExpr.binary)");
        }
    }

    private static void checkUnary(CExpr.Unary u) throws InvalidProgramException {
        if (u.operand().precedence() < CExpr.UNARY) {
            throw new InvalidProgramException(u, "operand of unary '" + u.op().symbol() + "' needs parentheses");
        }
        if (u.op() == CExpr.UnaryOp.NEG && u.operand() instanceof CExpr.Const c && c.value() > 0) {
            throw new InvalidProgramException(u, "minus on a literal is the negative literal " + -c.value());
        }
    }

    private static int constantIndex(CExpr index) {
        return index instanceof CExpr.Const c && c.value() >= 0 && c.value() < CArray.LENGTH ? c.value() : -1;
    }

    private int variable(CExpr.Var v) throws InvalidProgramException {
        if (v.name().equals(initialising)) {
            throw new InvalidProgramException(v, v.name() + " is used in its own initialiser");
        }
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Integer slot = scopes.get(i).get(v.name());
            if (slot != null) {
                return CCode.VARS + slot;
            }
        }
        throw new InvalidProgramException(v, v.name() + " is not declared");
    }

    // ---------------------------------------------------------------- sites and code

    private int site(String type, CTokens.Spans spans) {
        TokenSpan span = spans == null ? null : spans.span();
        TokenSpan condition = spans == null ? null : spans.condition();
        int[] visibleSlots = new int[0];
        String[] visibleNames = new String[0];
        if (traced) {
            Map<String, Integer> visible = new LinkedHashMap<>();
            for (Map<String, Integer> scope : scopes) {
                visible.putAll(scope);
            }
            visibleSlots = new int[visible.size()];
            visibleNames = new String[visible.size()];
            int i = 0;
            for (Map.Entry<String, Integer> entry : visible.entrySet()) {
                visibleSlots[i] = CCode.VARS + entry.getValue();
                visibleNames[i++] = canonicalNames.getOrDefault(entry.getKey(), entry.getKey());
            }
        }
        sites.add(new CCode.Site(type, span, condition, visibleSlots, visibleNames));
        return sites.size() - 1;
    }

    private static CTokens.Spans child(CTokens.Spans spans, int index) {
        return spans == null ? null : spans.children().get(index);
    }

    private void event(int site) {
        if (traced) {
            emit(CMachine.EVENT, site);
        }
    }

    private void jump(int opcode, Label target, int stackEffect) {
        emit(opcode);
        jumpOperand(target, stackEffect);
    }

    /** The target operand of a jump whose opcode (and other operands) are already out. */
    private void jumpOperand(Label target, int stackEffect) {
        emit(0);
        target.jumpHere(size - 1);
        depth += stackEffect;
    }

    private void push() {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
    }

    private void pop(int count) {
        depth -= count;
    }

    private void emit(int... words) {
        if (size + words.length > code.length) {
            code = Arrays.copyOf(code, Math.max(code.length * 2, size + words.length));
        }
        System.arraycopy(words, 0, code, size, words.length);
        size += words.length;
    }
}
