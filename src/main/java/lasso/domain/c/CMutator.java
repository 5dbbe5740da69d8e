package lasso.domain.c;

import lasso.domain.Mutator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random edits of a restricted-C program's syntax tree, as SED's debugger learns to undo them
 * (models.md C.6): change a constant, an operator, a variable, an index, a comparison or a loop
 * bound; insert, delete or swap statements; wrap statements in an {@code if} or a {@code for};
 * unwrap one. Replacements use only variables in scope, and every mutant is checked as a whole
 * program (scopes, loops around {@code break}), so mutants parse and compile with gcc.
 */
final class CMutator implements Mutator<CProgram> {

    static final List<String> OPERATORS = List.of("constant", "operator", "variable", "index", "comparison",
            "loop-bound", "insert", "delete", "swap", "wrap-if", "wrap-for", "unwrap");

    /** Tries per mutation before giving up (a drawn edit may break a scope and is then redrawn). */
    private static final int TRIES = 30;
    private static final int RANGE = 4;

    private final CProgramSampler sampler = new CProgramSampler(CProgramSampler.Settings.LASYNTH);

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    @Override
    public Optional<CProgram> mutate(CProgram program, RandomGenerator random) {
        Sites sites = new Sites(program.body());
        List<String> applicable = new ArrayList<>();
        for (String operator : OPERATORS) {
            if (sites.applies(operator)) {
                applicable.add(operator);
            }
        }
        for (int attempt = 0; attempt < TRIES && !applicable.isEmpty(); attempt++) {
            String operator = applicable.get(random.nextInt(applicable.size()));
            Optional<CProgram> mutant = apply(program, sites, operator, random);
            if (mutant.isPresent()) {
                return mutant;
            }
        }
        return Optional.empty();
    }

    /** One mutation by the named operator, or empty if it does not apply. */
    Optional<CProgram> mutate(CProgram program, String operator, RandomGenerator random) {
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("unknown mutation operator '" + operator + "' (known: " + OPERATORS + ")");
        }
        Sites sites = new Sites(program.body());
        if (!sites.applies(operator)) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Optional<CProgram> mutant = apply(program, sites, operator, random);
            if (mutant.isPresent()) {
                return mutant;
            }
        }
        return Optional.empty();
    }

    /** 1 to 3 mutations in a row, each giving a program not seen earlier in the chain. */
    @Override
    public Optional<CProgram> mutateChain(CProgram program, RandomGenerator random) {
        int length = 1 + random.nextInt(3);
        Set<CProgram> seen = new HashSet<>();
        seen.add(program);
        CProgram current = program;
        for (int step = 0; step < length; step++) {
            CProgram next = null;
            for (int attempt = 0; attempt < TRIES && next == null; attempt++) {
                Optional<CProgram> mutant = mutate(current, random);
                if (mutant.isEmpty()) {
                    return Optional.empty();
                }
                if (!seen.contains(mutant.get())) {
                    next = mutant.get();
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            seen.add(next);
            current = next;
        }
        return Optional.of(current);
    }

    /** A candidate edit, kept only if the result is a valid program different from the original. */
    private Optional<CProgram> apply(CProgram program, Sites sites, String operator, RandomGenerator random) {
        CStmt body = switch (operator) {
            case "constant", "operator", "variable", "index", "comparison" -> expressionEdit(sites, operator, random);
            case "loop-bound" -> loopBound(sites, random);
            case "insert" -> insert(sites, random);
            case "delete", "swap", "wrap-if", "wrap-for" -> blockEdit(sites, operator, random);
            case "unwrap" -> unwrap(sites, random);
            default -> throw new IllegalArgumentException(operator);
        };
        if (!(body instanceof CStmt.Block block)) {
            return Optional.empty();
        }
        try {
            CProgram mutant = CProgram.of(block);
            return mutant.equals(program) ? Optional.empty() : Optional.of(mutant);
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- expression edits

    private CStmt expressionEdit(Sites sites, String operator, RandomGenerator random) {
        List<ExprSite> candidates = sites.expressions.stream().filter(site -> matches(site, operator)).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        ExprSite site = candidates.get(random.nextInt(candidates.size()));
        if (site.expression() == null) {
            return statementOperator(sites, site.statement(), random);
        }
        CExpr replacement = switch (operator) {
            case "constant" -> CExpr.constant(otherValue(((CExpr.Const) site.expression()).value(), -RANGE, RANGE, random));
            case "operator" -> flipOperator(site.expression());
            case "comparison" -> {
                CExpr.Binary b = (CExpr.Binary) site.expression();
                yield CExpr.binary(otherComparison(b.op(), random), b.left(), b.right());
            }
            case "variable" -> {
                List<String> others = new ArrayList<>(site.statement().visible());
                others.remove(((CExpr.Var) site.expression()).name());
                yield others.isEmpty() ? null : CExpr.var(others.get(random.nextInt(others.size())));
            }
            case "index" -> CExpr.elem(index(site.statement().visible(), ((CExpr.Elem) site.expression()).index(), random));
            default -> throw new IllegalArgumentException(operator);
        };
        if (replacement == null) {
            return null;
        }
        CStmt statement = Trees.replaceExpression(site.statement().statement(), site.path(), replacement);
        return Trees.replace(sites.root, site.statement().path(), List.of(statement), false);
    }

    private static boolean matches(ExprSite site, String operator) {
        CExpr e = site.expression();
        return switch (operator) {
            case "constant" -> e instanceof CExpr.Const;
            case "operator" -> e == null || e instanceof CExpr.Binary b && !b.op().isComparison()
                    || e instanceof CExpr.Unary u && u.op() != CExpr.UnaryOp.NOT;
            case "comparison" -> e instanceof CExpr.Binary b && b.op().isComparison();
            case "variable" -> e instanceof CExpr.Var && site.statement().visible().size() > 1;
            case "index" -> e instanceof CExpr.Elem;
            default -> false;
        };
    }

    /** {@code =} → {@code +=} and so on, or {@code ++} ↔ {@code --}: the operator of a statement itself. */
    private CStmt statementOperator(Sites sites, StmtSite site, RandomGenerator random) {
        CStmt replacement;
        if (site.statement() instanceof CStmt.Assign a) {
            List<CStmt.AssignOp> others = new ArrayList<>(List.of(CStmt.AssignOp.values()));
            others.remove(a.op());
            replacement = new CStmt.Assign(a.target(), others.get(random.nextInt(others.size())), a.value());
        } else {
            CStmt.Step s = (CStmt.Step) site.statement();
            replacement = new CStmt.Step(s.target(), CStmt.StepOp.of(s.op().delta() > 0 ? "--" : "++", s.op().prefix()));
        }
        return Trees.replace(sites.root, site.path(), List.of(replacement), false);
    }

    private static CExpr flipOperator(CExpr expression) {
        if (expression instanceof CExpr.Unary u) {
            return CExpr.unary(u.op() == CExpr.UnaryOp.NEG ? CExpr.UnaryOp.PLUS : CExpr.UnaryOp.NEG, u.operand());
        }
        CExpr.Binary b = (CExpr.Binary) expression;
        CExpr.BinaryOp op = switch (b.op()) {
            case ADD -> CExpr.BinaryOp.SUB;
            case SUB -> CExpr.BinaryOp.ADD;
            case AND -> CExpr.BinaryOp.OR;
            case OR -> CExpr.BinaryOp.AND;
            default -> throw new IllegalArgumentException(b.op().name());
        };
        return CExpr.binary(op, b.left(), b.right());
    }

    private static CExpr.BinaryOp otherComparison(CExpr.BinaryOp op, RandomGenerator random) {
        List<CExpr.BinaryOp> others = new ArrayList<>();
        for (CExpr.BinaryOp candidate : CExpr.BinaryOp.values()) {
            if (candidate.isComparison() && candidate != op) {
                others.add(candidate);
            }
        }
        return others.get(random.nextInt(others.size()));
    }

    private static CExpr index(List<String> visible, CExpr current, RandomGenerator random) {
        for (int attempt = 0; attempt < 10; attempt++) {
            CExpr index = visible.isEmpty() || random.nextBoolean()
                    ? CExpr.constant(random.nextInt(CArray.LENGTH))
                    : CExpr.var(visible.get(random.nextInt(visible.size())));
            if (!index.equals(current)) {
                return index;
            }
        }
        return current;
    }

    /** A value in [min, max] other than {@code value}. */
    private static int otherValue(int value, int min, int max, RandomGenerator random) {
        if (value < min || value > max) {
            return min + random.nextInt(max - min + 1);
        }
        int other = min + random.nextInt(max - min);
        return other >= value ? other + 1 : other;
    }

    // ---------------------------------------------------------------- statement edits

    /** A loop's start or bound (a constant in the init or on the right of the condition) becomes another. */
    private CStmt loopBound(Sites sites, RandomGenerator random) {
        List<StmtSite> loops = sites.statements.stream().filter(site -> site.statement() instanceof CStmt.For).toList();
        if (loops.isEmpty()) {
            return null;
        }
        StmtSite site = loops.get(random.nextInt(loops.size()));
        CStmt.For loop = (CStmt.For) site.statement();
        CStmt.For changed;
        if (random.nextBoolean() && loop.condition() instanceof CExpr.Binary b && b.right() instanceof CExpr.Const c) {
            CExpr bound = CExpr.constant(otherValue(c.value(), 0, CArray.LENGTH - 1, random));
            changed = new CStmt.For(loop.init(), CExpr.binary(b.op(), b.left(), bound), loop.update(), loop.body());
        } else if (loop.init() instanceof CStmt.Decl d && d.init() instanceof CExpr.Const c) {
            CExpr start = CExpr.constant(otherValue(c.value(), 0, CArray.LENGTH - 1, random));
            changed = new CStmt.For(new CStmt.Decl(d.name(), start), loop.condition(), loop.update(), loop.body());
        } else if (loop.init() instanceof CStmt.Assign a && a.value() instanceof CExpr.Const c) {
            CExpr start = CExpr.constant(otherValue(c.value(), 0, CArray.LENGTH - 1, random));
            changed = new CStmt.For(new CStmt.Assign(a.target(), a.op(), start), loop.condition(), loop.update(), loop.body());
        } else {
            return null;
        }
        return Trees.replace(sites.root, site.path(), List.of(changed), false);
    }

    private CStmt insert(Sites sites, RandomGenerator random) {
        Slot slot = sites.slots.get(random.nextInt(sites.slots.size()));
        int at = random.nextInt(slot.editable() + 1);
        List<String> visible = slot.visibleAt().get(at);
        CStmt statement = sampler.simpleStatement(random, visible, slot.loops());
        CStmt.Block block = (CStmt.Block) Trees.get(sites.root, slot.path());
        List<CStmt> statements = new ArrayList<>(block.statements());
        statements.add(at, statement);
        return Trees.replace(sites.root, slot.path(), List.of(new CStmt.Block(statements)), false);
    }

    private CStmt blockEdit(Sites sites, String operator, RandomGenerator random) {
        List<Slot> slots = sites.slots.stream().filter(slot -> slot.editable() >= (operator.equals("swap") ? 2 : 1)).toList();
        if (slots.isEmpty()) {
            return null;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        CStmt.Block block = (CStmt.Block) Trees.get(sites.root, slot.path());
        List<CStmt> statements = new ArrayList<>(block.statements());
        int at = random.nextInt(slot.editable());
        switch (operator) {
            case "delete" -> statements.remove(at);
            case "swap" -> {
                at = random.nextInt(slot.editable() - 1);
                statements.set(at, block.statements().get(at + 1));
                statements.set(at + 1, block.statements().get(at));
            }
            case "wrap-if", "wrap-for" -> {
                int count = Math.min(1 + random.nextInt(2), slot.editable() - at);
                List<CStmt> wrapped = new ArrayList<>(statements.subList(at, at + count));
                List<String> visible = slot.visibleAt().get(at);
                CStmt wrapper = operator.equals("wrap-if")
                        ? new CStmt.If(sampler.condition(random, visible), new CStmt.Block(wrapped), null)
                        : loopAround(wrapped, sites.names, random);
                if (wrapper == null) {
                    return null;
                }
                statements.subList(at, at + count).clear();
                statements.add(at, wrapper);
            }
            default -> throw new IllegalArgumentException(operator);
        }
        return Trees.replace(sites.root, slot.path(), List.of(new CStmt.Block(statements)), false);
    }

    /** {@code for (int p_k = lo; p_k <= hi; p_k++) { wrapped }} with a p name the program does not use. */
    private static CStmt loopAround(List<CStmt> wrapped, Set<String> names, RandomGenerator random) {
        String counter = null;
        for (int i = 0; i < CTokens.NAMES_PER_FAMILY && counter == null; i++) {
            if (!names.contains("p_" + i)) {
                counter = "p_" + i;
            }
        }
        if (counter == null) {
            return null;
        }
        int lo = random.nextInt(CArray.LENGTH);
        int hi = lo + random.nextInt(CArray.LENGTH - lo);
        CExpr.Var var = CExpr.var(counter);
        return new CStmt.For(new CStmt.Decl(counter, CExpr.constant(lo)),
                CExpr.binary(CExpr.BinaryOp.LE, var, CExpr.constant(hi)),
                new CStmt.Step(var, CStmt.StepOp.POST_INC), new CStmt.Block(wrapped));
    }

    /** An {@code if} or a {@code for} gives way to its body (spliced into a block, or braced where one statement goes). */
    private CStmt unwrap(Sites sites, RandomGenerator random) {
        List<StmtSite> candidates = sites.statements.stream().filter(Sites::wrapsStatements).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        StmtSite site = candidates.get(random.nextInt(candidates.size()));
        List<CStmt> inner = unwrapped(site.statement(), random);
        int[] parentPath = Arrays.copyOf(site.path(), site.path().length - 1);
        if (Trees.get(sites.root, parentPath) instanceof CStmt.Block) {
            return Trees.replace(sites.root, site.path(), inner, true);
        }
        CStmt single = inner.size() == 1 && !(inner.get(0) instanceof CStmt.Decl) ? inner.get(0) : new CStmt.Block(inner);
        return Trees.replace(sites.root, site.path(), List.of(single), false);
    }

    /** The statements an {@code if} or a {@code for} stands for without it (a loop keeps its init). */
    private static List<CStmt> unwrapped(CStmt statement, RandomGenerator random) {
        if (statement instanceof CStmt.If s) {
            CStmt kept = s.otherwise() != null && random.nextBoolean() ? s.otherwise() : s.then();
            return kept instanceof CStmt.Block b ? b.statements() : List.of(kept);
        }
        if (statement instanceof CStmt.For s) {
            List<CStmt> inner = new ArrayList<>();
            inner.add(s.init());
            inner.addAll(s.body() instanceof CStmt.Block b ? b.statements() : List.of(s.body()));
            return inner;
        }
        return null;
    }

    // ---------------------------------------------------------------- where edits can go

    /** A statement, where it is (child indices from the body) and what is in scope just before it. */
    private record StmtSite(int[] path, CStmt statement, List<String> visible, int loops) {
    }

    /** An expression inside a statement (not inside its sub-statements); null for the statement's own operator. */
    private record ExprSite(StmtSite statement, int[] path, CExpr expression) {
    }

    /**
     * A block whose statements can be edited: the first {@code editable} of them (all but the
     * function's final {@code return a;}), with the variables in scope before each position.
     */
    private record Slot(int[] path, int editable, List<List<String>> visibleAt, int loops) {
    }

    /** Every place in a program where an edit can go. */
    private static final class Sites {
        final CStmt.Block root;
        final List<StmtSite> statements = new ArrayList<>();
        final List<ExprSite> expressions = new ArrayList<>();
        final List<Slot> slots = new ArrayList<>();
        final Set<String> names = new HashSet<>();

        Sites(CStmt.Block root) {
            this.root = root;
            visit(root, new int[0], new ArrayList<>(), 0);
        }

        boolean applies(String operator) {
            return switch (operator) {
                case "constant", "operator", "variable", "index", "comparison" ->
                        expressions.stream().anyMatch(site -> matches(site, operator));
                case "loop-bound" -> statements.stream().anyMatch(site -> site.statement() instanceof CStmt.For);
                case "insert" -> true;
                case "swap" -> slots.stream().anyMatch(slot -> slot.editable() >= 2);
                case "unwrap" -> statements.stream().anyMatch(Sites::wrapsStatements);
                default -> slots.stream().anyMatch(slot -> slot.editable() >= 1);
            };
        }

        static boolean wrapsStatements(StmtSite site) {
            return site.statement() instanceof CStmt.If || site.statement() instanceof CStmt.For;
        }

        private void visit(CStmt statement, int[] path, List<String> scope, int loops) {
            StmtSite site = new StmtSite(path, statement, List.copyOf(scope), loops);
            statements.add(site);
            expressions(site);
            if (statement instanceof CStmt.Block block) {
                List<String> inner = new ArrayList<>(scope);
                List<List<String>> visibleAt = new ArrayList<>();
                for (int i = 0; i < block.statements().size(); i++) {
                    visibleAt.add(List.copyOf(inner));
                    CStmt child = block.statements().get(i);
                    visit(child, Trees.child(path, i), inner, loops);
                    if (child instanceof CStmt.Decl d) {
                        inner.add(d.name());
                    }
                }
                visibleAt.add(List.copyOf(inner));
                int editable = path.length == 0 ? block.statements().size() - 1 : block.statements().size();
                slots.add(new Slot(path, editable, visibleAt, loops));
            } else if (statement instanceof CStmt.If s) {
                visit(s.then(), Trees.child(path, 0), new ArrayList<>(scope), loops);
                if (s.otherwise() != null) {
                    visit(s.otherwise(), Trees.child(path, 1), new ArrayList<>(scope), loops);
                }
            } else if (statement instanceof CStmt.For s) {
                List<String> inner = new ArrayList<>(scope);
                visit(s.init(), Trees.child(path, 0), inner, loops);
                if (s.init() instanceof CStmt.Decl d) {
                    inner.add(d.name());
                }
                visit(s.update(), Trees.child(path, 1), new ArrayList<>(inner), loops + 1);
                visit(s.body(), Trees.child(path, 2), new ArrayList<>(inner), loops + 1);
            } else if (statement instanceof CStmt.Decl d) {
                names.add(d.name());
            }
        }

        private void expressions(StmtSite site) {
            List<CExpr> roots = Trees.expressions(site.statement());
            for (int i = 0; i < roots.size(); i++) {
                collect(site, new int[] {i}, roots.get(i));
            }
            if (site.statement() instanceof CStmt.Assign || site.statement() instanceof CStmt.Step) {
                expressions.add(new ExprSite(site, null, null));
            }
        }

        private void collect(StmtSite site, int[] path, CExpr expression) {
            expressions.add(new ExprSite(site, path, expression));
            if (expression instanceof CExpr.Var v) {
                names.add(v.name());
            }
            List<CExpr> children = Trees.children(expression);
            for (int i = 0; i < children.size(); i++) {
                collect(site, Trees.child(path, i), children.get(i));
            }
        }
    }

    /** Path-copying edits of immutable trees; a path is child indices (see {@link #children}). */
    static final class Trees {

        private Trees() {
        }

        static int[] child(int[] path, int index) {
            int[] child = Arrays.copyOf(path, path.length + 1);
            child[path.length] = index;
            return child;
        }

        /** A statement's sub-statements: a block's statements; then, else; init, update, body. */
        static List<CStmt> children(CStmt statement) {
            if (statement instanceof CStmt.Block b) {
                return b.statements();
            } else if (statement instanceof CStmt.If s) {
                return s.otherwise() == null ? List.of(s.then()) : List.of(s.then(), s.otherwise());
            } else if (statement instanceof CStmt.For s) {
                return List.of(s.init(), s.update(), s.body());
            }
            return List.of();
        }

        static CStmt get(CStmt root, int[] path) {
            CStmt node = root;
            for (int index : path) {
                node = children(node).get(index);
            }
            return node;
        }

        /**
         * The tree with the node at {@code path} replaced by one statement (or, inside a block when
         * {@code splice} is set, by several).
         */
        static CStmt replace(CStmt root, int[] path, List<CStmt> replacement, boolean splice) {
            if (path.length == 0) {
                return replacement.get(0);
            }
            return replaceAt(root, path, 0, replacement, splice);
        }

        private static CStmt replaceAt(CStmt node, int[] path, int depth, List<CStmt> replacement, boolean splice) {
            int index = path[depth];
            List<CStmt> children = new ArrayList<>(children(node));
            if (depth == path.length - 1) {
                if (splice && node instanceof CStmt.Block) {
                    children.remove(index);
                    children.addAll(index, replacement);
                } else {
                    children.set(index, replacement.get(0));
                }
            } else {
                children.set(index, replaceAt(children.get(index), path, depth + 1, replacement, splice));
            }
            return withChildren(node, children);
        }

        private static CStmt withChildren(CStmt node, List<CStmt> children) {
            if (node instanceof CStmt.Block) {
                return new CStmt.Block(children);
            } else if (node instanceof CStmt.If s) {
                return CStmt.ifStatement(s.condition(), children.get(0), children.size() > 1 ? children.get(1) : null);
            } else if (node instanceof CStmt.For s) {
                return new CStmt.For(children.get(0), s.condition(), children.get(1), children.get(2));
            }
            throw new IllegalArgumentException("no children: " + node);
        }

        /** The expressions a statement holds itself (not those of its sub-statements). */
        static List<CExpr> expressions(CStmt statement) {
            if (statement instanceof CStmt.Decl d) {
                return List.of(d.init());
            } else if (statement instanceof CStmt.Assign a) {
                return List.of(a.target(), a.value());
            } else if (statement instanceof CStmt.Step s) {
                return List.of(s.target());
            } else if (statement instanceof CStmt.If s) {
                return List.of(s.condition());
            } else if (statement instanceof CStmt.For s) {
                return List.of(s.condition());
            }
            return List.of();
        }

        static List<CExpr> children(CExpr expression) {
            if (expression instanceof CExpr.Elem e) {
                return List.of(e.index());
            } else if (expression instanceof CExpr.Paren p) {
                return List.of(p.inner());
            } else if (expression instanceof CExpr.Unary u) {
                return List.of(u.operand());
            } else if (expression instanceof CExpr.Binary b) {
                return List.of(b.left(), b.right());
            }
            return List.of();
        }

        /** The statement with the expression at {@code path} replaced; parents get the parentheses they need. */
        static CStmt replaceExpression(CStmt statement, int[] path, CExpr replacement) {
            List<CExpr> roots = new ArrayList<>(expressions(statement));
            roots.set(path[0], replaceIn(roots.get(path[0]), path, 1, replacement));
            if (statement instanceof CStmt.Decl d) {
                return new CStmt.Decl(d.name(), roots.get(0));
            } else if (statement instanceof CStmt.Assign a) {
                return new CStmt.Assign((CExpr.Target) roots.get(0), a.op(), roots.get(1));
            } else if (statement instanceof CStmt.Step s) {
                return new CStmt.Step((CExpr.Target) roots.get(0), s.op());
            } else if (statement instanceof CStmt.If s) {
                return CStmt.ifStatement(roots.get(0), s.then(), s.otherwise());
            } else if (statement instanceof CStmt.For s) {
                return new CStmt.For(s.init(), roots.get(0), s.update(), s.body());
            }
            throw new IllegalArgumentException("no expressions: " + statement);
        }

        private static CExpr replaceIn(CExpr node, int[] path, int depth, CExpr replacement) {
            if (depth == path.length) {
                return replacement;
            }
            List<CExpr> children = new ArrayList<>(children(node));
            children.set(path[depth], replaceIn(children.get(path[depth]), path, depth + 1, replacement));
            if (node instanceof CExpr.Elem) {
                return CExpr.elem(children.get(0));
            } else if (node instanceof CExpr.Paren) {
                return new CExpr.Paren(children.get(0));
            } else if (node instanceof CExpr.Unary u) {
                return CExpr.unary(u.op(), children.get(0));
            } else if (node instanceof CExpr.Binary b) {
                return CExpr.binary(b.op(), children.get(0), children.get(1));
            }
            throw new IllegalArgumentException("no children: " + node);
        }
    }
}
