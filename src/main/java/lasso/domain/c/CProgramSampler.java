package lasso.domain.c;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Draws random restricted-C programs from a probabilistic grammar shaped after LaSynth's data
 * (models.md A.3, A.8): Csmith-style declarations ({@code int p_0 = 0; int l_25 = 4;}), then
 * statements on the list and the variables, {@code for} loops over list positions, {@code if}s with
 * comparisons, {@code continue} and {@code break} inside loops.
 *
 * <p>In {@link Settings#wild() wild} mode it drops LaSynth's restrictions to exercise the whole
 * language (big constants for wrap-around, every operator, shadowing declarations, arbitrary
 * indices and loop bounds, early returns): the gcc cross-check runs such programs too.
 */
final class CProgramSampler {

    /**
     * @param minStatements fewest statements after the declarations
     * @param maxStatements most statements after the declarations: minStatements..maxStatements
     * @param maxDepth      nesting of {@code for}/{@code if}
     * @param maxLocals     {@code l_} variables declared at the top: 1..maxLocals (0: none)
     * @param valueRange    constants are drawn from [-valueRange, valueRange]
     * @param wild          the whole language, not LaSynth's distribution
     */
    record Settings(int minStatements, int maxStatements, int maxDepth, int maxLocals, int valueRange, boolean wild) {

        static final Settings LASYNTH = new Settings(1, 6, 2, 3, 4, false);
        static final Settings WILD = new Settings(1, 8, 3, 3, 4, true);

        Settings {
            if (minStatements < 1 || minStatements > maxStatements) {
                throw new IllegalArgumentException("statements must be 1 ≤ min ≤ max, not " + minStatements + ".."
                        + maxStatements);
            }
        }
    }

    private static final int[] EXTREMES = {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, -Integer.MAX_VALUE,
            1 << 30, -(1 << 30), 65536, 1000000007};
    private static final CExpr.BinaryOp[] COMPARISONS = {CExpr.BinaryOp.EQ, CExpr.BinaryOp.NE,
            CExpr.BinaryOp.LT, CExpr.BinaryOp.LE, CExpr.BinaryOp.GT, CExpr.BinaryOp.GE};

    private final Settings settings;

    CProgramSampler(Settings settings) {
        this.settings = settings;
    }

    /**
     * One program. With {@code withFor} it has at least one {@code for} loop (when the depth allows
     * one), without it has none.
     */
    CProgram sample(RandomGenerator random, boolean withFor) {
        return new Draw(random, withFor && settings.maxDepth() > 0).program();
    }

    /**
     * One simple statement (an assignment or a step on the list or a variable, or inside a loop now
     * and then {@code continue} or {@code break}) over these variables: the mutator's insertions.
     */
    CStmt simpleStatement(RandomGenerator random, List<String> visible, int loops) {
        Draw draw = new Draw(random, false);
        draw.visible.addAll(visible);
        if (loops > 0 && random.nextInt(6) == 0) {
            return random.nextBoolean() ? new CStmt.Continue() : new CStmt.Break();
        }
        return draw.statement(settings.maxDepth(), false);
    }

    /** A condition over these variables, as {@code if}s have them: the mutator's wrappings. */
    CExpr condition(RandomGenerator random, List<String> visible) {
        Draw draw = new Draw(random, false);
        draw.visible.addAll(visible);
        return draw.condition();
    }

    /** The state of one draw: which variables are in scope, which are counters of enclosing loops. */
    private final class Draw {
        private final RandomGenerator random;
        private final boolean withFor;
        private final List<String> visible = new ArrayList<>();
        private final List<String> counters = new ArrayList<>();
        private int nextP;
        private int loops;

        Draw(RandomGenerator random, boolean withFor) {
            this.random = random;
            this.withFor = withFor;
        }

        CProgram program() {
            List<CStmt> statements = new ArrayList<>();
            statements.add(declare("p_" + nextP++));
            if (random.nextInt(4) == 0) {
                statements.add(declare("p_" + nextP++));
            }
            int locals = settings.maxLocals() == 0 ? 0 : 1 + random.nextInt(settings.maxLocals());
            TreeSet<Integer> numbers = new TreeSet<>();
            while (numbers.size() < locals) {
                numbers.add(random.nextInt(40)); // Csmith numbers its locals l_7, l_25, …
            }
            for (int number : numbers) {
                statements.add(declare("l_" + number));
            }
            int declarations = statements.size();
            int count = settings.minStatements() + random.nextInt(settings.maxStatements() - settings.minStatements() + 1);
            for (int i = 0; i < count; i++) {
                statements.add(statement(0, withFor));
            }
            if (withFor && statements.stream().noneMatch(CProgramSampler::hasFor)) {
                int at = declarations + random.nextInt(count);
                statements.set(at, forLoop(0));
            }
            if (settings.wild() && random.nextInt(8) == 0) {
                statements.add(ifStatement(0, List.of(new CStmt.Return())));
            }
            statements.add(new CStmt.Return());
            return CProgram.of(statements);
        }

        private CStmt.Decl declare(String name) {
            // Mostly list positions, as in LaSynth's programs (int p_0 = 0; int l_25 = 4;).
            int value = random.nextInt(10) < 7 ? random.nextInt(CArray.LENGTH) : constant();
            CStmt.Decl decl = new CStmt.Decl(name, settings.wild() && !visible.isEmpty() && random.nextInt(3) == 0
                    ? expression(2) : CExpr.constant(value));
            visible.add(name);
            return decl;
        }

        // ------------------------------------------------------------ statements

        private CStmt statement(int depth, boolean forAllowed) {
            boolean nest = depth < settings.maxDepth();
            int forWeight = nest && forAllowed ? 3 : 0;
            int ifWeight = nest ? 2 : 0;
            int pick = random.nextInt(10 + forWeight + ifWeight);
            if (pick < forWeight) {
                return forLoop(depth);
            }
            if (pick < forWeight + ifWeight) {
                return ifStatement(depth, null);
            }
            pick -= forWeight + ifWeight;
            if (pick < 4) {
                return new CStmt.Assign(CExpr.elem(index()), CStmt.AssignOp.SET, expression(2));
            }
            if (pick < 5) {
                return new CStmt.Assign(CExpr.elem(index()), random.nextBoolean() ? CStmt.AssignOp.ADD
                        : CStmt.AssignOp.SUB, expression(1));
            }
            if (pick < 7) {
                return new CStmt.Step(CExpr.elem(index()), stepOp());
            }
            String variable = assignable();
            if (variable == null) {
                return new CStmt.Step(CExpr.elem(index()), stepOp());
            }
            if (pick < 9) {
                return new CStmt.Assign(CExpr.var(variable), CStmt.AssignOp.SET, expression(2));
            }
            return random.nextBoolean() ? new CStmt.Step(CExpr.var(variable), stepOp())
                    : new CStmt.Assign(CExpr.var(variable), random.nextBoolean() ? CStmt.AssignOp.ADD
                    : CStmt.AssignOp.SUB, expression(1));
        }

        private CStmt.StepOp stepOp() {
            return CStmt.StepOp.values()[random.nextInt(4)];
        }

        /** A loop over list positions: {@code for (p_0 = 1; p_0 <= 2; p_0++)} and its variants. */
        private CStmt forLoop(int depth) {
            List<String> free = new ArrayList<>();
            for (String name : visible) {
                if (name.startsWith("p_") && !counters.contains(name)) {
                    free.add(name);
                }
            }
            boolean declares = free.isEmpty() || nextP < CTokens.NAMES_PER_FAMILY && random.nextInt(3) == 0;
            String counter = declares ? "p_" + nextP++ : free.get(random.nextInt(free.size()));
            int lo = random.nextInt(CArray.LENGTH);
            int hi = lo + random.nextInt(CArray.LENGTH - lo);
            if (settings.wild() && random.nextInt(4) == 0) {
                lo = random.nextInt(9) - 2;
                hi = random.nextInt(9) - 2;
            }
            boolean up = random.nextInt(5) != 0;
            // p < 5 would need the constant 5: LaSynth's constants stay in [-4, 4].
            boolean strict = random.nextInt(4) == 0 && (!up || hi + 1 <= settings.valueRange() || settings.wild());
            CExpr.Var var = CExpr.var(counter);
            int start = up ? lo : hi;
            CExpr condition = up
                    ? (strict ? CExpr.binary(CExpr.BinaryOp.LT, var, CExpr.constant(hi + 1))
                    : CExpr.binary(CExpr.BinaryOp.LE, var, CExpr.constant(hi)))
                    : (strict ? CExpr.binary(CExpr.BinaryOp.GT, var, CExpr.constant(lo - 1))
                    : CExpr.binary(CExpr.BinaryOp.GE, var, CExpr.constant(lo)));
            boolean prefix = random.nextInt(5) == 0;
            CStmt update = new CStmt.Step(var, up ? (prefix ? CStmt.StepOp.PRE_INC : CStmt.StepOp.POST_INC)
                    : (prefix ? CStmt.StepOp.PRE_DEC : CStmt.StepOp.POST_DEC));
            CStmt init = declares ? new CStmt.Decl(counter, CExpr.constant(start))
                    : new CStmt.Assign(var, CStmt.AssignOp.SET, CExpr.constant(start));
            int scope = visible.size();
            if (declares) {
                visible.add(counter);
            }
            counters.add(counter);
            loops++;
            CStmt body = body(depth + 1, 1 + random.nextInt(2), random.nextInt(7) != 0);
            loops--;
            counters.remove(counter);
            truncate(scope);
            return new CStmt.For(init, condition, update, body);
        }

        /** {@code if (condition) …}, with else and else-if now and then; inside loops maybe continue/break. */
        private CStmt ifStatement(int depth, List<CStmt> fixedThen) {
            CExpr condition = condition();
            CStmt then;
            if (fixedThen != null) {
                then = new CStmt.Block(fixedThen);
            } else if (loops > 0 && random.nextInt(3) == 0) {
                List<CStmt> statements = new ArrayList<>();
                if (random.nextBoolean()) {
                    statements.add(statement(settings.maxDepth(), false));
                }
                statements.add(random.nextBoolean() ? new CStmt.Continue() : new CStmt.Break());
                then = statements.size() == 1 && random.nextBoolean() ? statements.get(0) : new CStmt.Block(statements);
            } else {
                then = body(depth + 1, 1 + random.nextInt(2), random.nextInt(4) != 0);
            }
            CStmt otherwise = null;
            if (fixedThen == null && random.nextInt(4) == 0) {
                otherwise = depth + 1 < settings.maxDepth() && random.nextInt(3) == 0
                        ? ifStatement(depth + 1, null)
                        : body(depth + 1, 1 + random.nextInt(2), random.nextInt(4) != 0);
            }
            return CStmt.ifStatement(condition, then, otherwise);
        }

        /** A loop's or an if's body: braced (maybe declaring, in wild mode) or a single statement. */
        private CStmt body(int depth, int count, boolean braces) {
            if (!braces) {
                return statement(depth, true);
            }
            int scope = visible.size();
            List<CStmt> statements = new ArrayList<>();
            String shadowedCounter = null;
            int shadowedAt = -1;
            if (settings.wild() && random.nextInt(4) == 0) {
                // Shadow a visible variable, or add a new local, for the length of the block.
                String name = !visible.isEmpty() && random.nextBoolean() ? visible.get(random.nextInt(visible.size()))
                        : "l_" + (40 + random.nextInt(10));
                CExpr init = expression(1);
                statements.add(new CStmt.Decl(name, mentions(init, name) ? CExpr.constant(constant()) : init));
                visible.add(name);
                shadowedAt = counters.indexOf(name);
                if (shadowedAt >= 0) {
                    shadowedCounter = counters.remove(shadowedAt); // the block's variable is not the loop's counter
                }
            }
            for (int i = 0; i < count; i++) {
                statements.add(statement(depth, true));
            }
            truncate(scope);
            if (shadowedCounter != null) {
                counters.add(shadowedAt, shadowedCounter);
            }
            return new CStmt.Block(statements);
        }

        private void truncate(int size) {
            while (visible.size() > size) {
                visible.remove(visible.size() - 1);
            }
        }

        /** A variable that may be assigned: in scope, and not the counter of an enclosing loop. */
        private String assignable() {
            List<String> candidates = new ArrayList<>();
            for (String name : visible) {
                if (!counters.contains(name) || settings.wild() && random.nextInt(20) == 0) {
                    candidates.add(name);
                }
            }
            return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
        }

        // ------------------------------------------------------------ expressions

        /** A list index: a position, an enclosing loop's counter, or another variable. */
        private CExpr index() {
            int pick = random.nextInt(10);
            if (settings.wild() && pick == 0) {
                return expression(1);
            }
            if (pick < 4 || visible.isEmpty()) {
                return CExpr.constant(random.nextInt(CArray.LENGTH));
            }
            if (pick < 8 && !counters.isEmpty()) {
                return CExpr.var(counters.get(random.nextInt(counters.size())));
            }
            return CExpr.var(visible.get(random.nextInt(visible.size())));
        }

        /** Up to {@code maxOperators} additions and subtractions (any operator in wild mode). */
        private CExpr expression(int maxOperators) {
            int operators = Math.min(maxOperators, random.nextInt(20) < 7 ? 0 : random.nextInt(20) < 14 ? 1 : 2);
            if (settings.wild()) {
                operators = random.nextInt(maxOperators + 2);
            }
            CExpr expression = operand();
            for (int i = 0; i < operators; i++) {
                CExpr right = operand();
                if (i == operators - 1 && operators >= 2 && random.nextInt(6) == 0
                        && expression instanceof CExpr.Binary b) {
                    // Group to the right: x - (y + z).
                    expression = CExpr.binary(b.op(), b.left(), CExpr.binary(operator(), b.right(), right));
                } else {
                    expression = CExpr.binary(operator(), expression, right);
                }
            }
            if (operators > 0 && random.nextInt(5) == 0) {
                expression = new CExpr.Paren(expression);
            }
            return expression;
        }

        private CExpr.BinaryOp operator() {
            if (settings.wild() && random.nextInt(4) == 0) {
                return CExpr.BinaryOp.values()[random.nextInt(CExpr.BinaryOp.values().length)];
            }
            return random.nextBoolean() ? CExpr.BinaryOp.ADD : CExpr.BinaryOp.SUB;
        }

        private CExpr operand() {
            int pick = random.nextInt(20);
            CExpr operand;
            if (pick < 6 || visible.isEmpty() && pick < 11) {
                operand = CExpr.constant(constant());
            } else if (pick < 11) {
                operand = CExpr.var(visible.get(random.nextInt(visible.size())));
            } else {
                operand = CExpr.elem(index());
            }
            if (settings.wild() && random.nextInt(8) == 0) {
                operand = CExpr.unary(CExpr.UnaryOp.values()[random.nextInt(3)], operand);
            }
            return operand;
        }

        private int constant() {
            if (settings.wild()) {
                int pick = random.nextInt(10);
                if (pick < 2) {
                    int extreme = EXTREMES[random.nextInt(EXTREMES.length)];
                    return random.nextBoolean() ? extreme : -extreme;
                }
                if (pick < 4) {
                    return random.nextInt(201) - 100;
                }
            }
            return random.nextInt(2 * settings.valueRange() + 1) - settings.valueRange();
        }

        /** A comparison (or its negation, a truth test, a conjunction or disjunction of comparisons). */
        private CExpr condition() {
            int pick = random.nextInt(20);
            if (settings.wild() && pick < 4) {
                return expression(3);
            }
            if (pick < 14) {
                return comparison();
            }
            if (pick < 16) {
                return CExpr.unary(CExpr.UnaryOp.NOT, random.nextBoolean() || visible.isEmpty()
                        ? CExpr.elem(index()) : CExpr.var(visible.get(random.nextInt(visible.size()))));
            }
            return CExpr.binary(pick < 18 ? CExpr.BinaryOp.AND : CExpr.BinaryOp.OR, comparison(), comparison());
        }

        private CExpr comparison() {
            CExpr left = random.nextInt(3) == 0 && !visible.isEmpty()
                    ? CExpr.var(visible.get(random.nextInt(visible.size()))) : CExpr.elem(index());
            CExpr right = random.nextBoolean() ? CExpr.constant(constant()) : operand();
            return CExpr.binary(COMPARISONS[random.nextInt(COMPARISONS.length)], left, right);
        }
    }

    /** Whether the expression reads the variable. */
    static boolean mentions(CExpr expression, String name) {
        if (expression instanceof CExpr.Var v) {
            return v.name().equals(name);
        } else if (expression instanceof CExpr.Elem e) {
            return mentions(e.index(), name);
        } else if (expression instanceof CExpr.Paren p) {
            return mentions(p.inner(), name);
        } else if (expression instanceof CExpr.Unary u) {
            return mentions(u.operand(), name);
        } else if (expression instanceof CExpr.Binary b) {
            return mentions(b.left(), name) || mentions(b.right(), name);
        }
        return false;
    }

    static boolean hasFor(CStmt statement) {
        if (statement instanceof CStmt.For) {
            return true;
        }
        if (statement instanceof CStmt.Block b) {
            return b.statements().stream().anyMatch(CProgramSampler::hasFor);
        }
        if (statement instanceof CStmt.If s) {
            return hasFor(s.then()) || s.otherwise() != null && hasFor(s.otherwise());
        }
        return false;
    }
}
