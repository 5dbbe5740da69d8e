package lasso.domain.c;

import com.fasterxml.jackson.databind.ObjectMapper;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.Trace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CTaskGeneratorTest {

    private static final int COUNT = 600;
    private static final List<TaskGeneration.Numbered<CProgram, CArray, CArray>> TASKS = new ArrayList<>();

    @BeforeAll
    static void generate() {
        TaskGeneration.generate(DOMAIN.generator(Map.of()), COUNT, 11, 2, TASKS::add);
    }

    @Test
    void everyTaskHasFiveGivenAndFiveHeldOutExamplesItsProgramSatisfies() {
        for (var numbered : TASKS) {
            List<Example<CArray, CArray>> examples = numbered.task().examples();
            assertEquals(10, examples.size());
            assertEquals(5, examples.stream().filter(Example::heldout).count());
            assertTrue(examples.subList(5, 10).stream().allMatch(Example::heldout), "the held-out examples come last");
            assertEquals(1.0, DOMAIN.score(numbered.task().program(), examples));
            assertEquals(10, examples.stream().map(Example::input).distinct().count(), "distinct inputs");
        }
    }

    @Test
    void everyValueOfEveryExampleStaysInMinus4To4() {
        for (var numbered : TASKS) {
            CProgram program = numbered.task().program();
            Set<String> counters = program.loopCounters();
            for (Example<CArray, CArray> example : numbered.task().examples()) {
                assertInRange(example.input());
                assertInRange(example.output());
                @SuppressWarnings("unchecked")
                Trace<CState> trace = (Trace<CState>) DOMAIN.trace(program, example.input());
                for (CState state : trace.states()) {
                    assertInRange(state.list());
                    state.variables().forEach((name, value) -> assertTrue(counters.contains(name) || Math.abs(value) <= 4,
                            () -> name + " = " + value + " in\n" + program));
                }
            }
        }
    }

    private static void assertInRange(CArray list) {
        for (int i = 0; i < CArray.LENGTH; i++) {
            assertTrue(list.get(i) >= -4 && list.get(i) <= 4, list::toString);
        }
    }

    @Test
    void programsFollowLaSynthsPostProcessing() {
        for (var numbered : TASKS) {
            CProgram program = numbered.task().program();
            walk(program.body(), program);
        }
    }

    /** Constants in [-4, 4], only + and - (comparisons and logic in conditions), for bounds within the list. */
    private static void walk(CStmt statement, CProgram program) {
        for (CExpr expression : CMutator.Trees.expressions(statement)) {
            walk(expression, program);
        }
        if (statement instanceof CStmt.For loop) {
            CStmt init = loop.init();
            CExpr start = init instanceof CStmt.Decl d ? d.init() : ((CStmt.Assign) init).value();
            int from = ((CExpr.Const) start).value();
            int bound = ((CExpr.Const) ((CExpr.Binary) loop.condition()).right()).value();
            assertTrue(from >= 0 && from <= 4 && bound >= -1 && bound <= 4, program::toString);
        }
        for (CStmt child : CMutator.Trees.children(statement)) {
            walk(child, program);
        }
    }

    private static void walk(CExpr expression, CProgram program) {
        if (expression instanceof CExpr.Const c) {
            assertTrue(Math.abs(c.value()) <= 4, program::toString);
        }
        assertFalse(expression instanceof CExpr.Unary u && u.op() != CExpr.UnaryOp.NOT, program::toString);
        for (CExpr child : CMutator.Trees.children(expression)) {
            walk(child, program);
        }
    }

    @Test
    void noProgramIsTrivialAndAtLeastHalfHaveAForLoop() {
        int withFor = 0;
        Set<CProgram> programs = new HashSet<>();
        for (var numbered : TASKS) {
            List<Example<CArray, CArray>> examples = numbered.task().examples();
            assertFalse(examples.stream().allMatch(e -> e.input().equals(e.output())), "identity");
            assertTrue(examples.stream().map(Example::output).distinct().count() > 1, "constant output");
            withFor += CProgramSampler.hasFor(numbered.task().program().body()) ? 1 : 0;
            programs.add(numbered.task().program());
        }
        double share = (double) withFor / COUNT;
        assertTrue(share >= 0.5 && share <= 0.8, "share of programs with a for loop: " + share);
        assertTrue(programs.size() > COUNT * 0.95, "programs repeat too often: " + programs.size());
        double tokens = TASKS.stream().mapToInt(t -> t.task().program().tokens().size()).average().orElse(0);
        assertTrue(tokens > 30 && tokens < 120, "tens of tokens on average: " + tokens);
        assertTrue(TASKS.stream().allMatch(t -> t.task().program().tokens().size() <= 256), "at most 256 tokens");
    }

    @Test
    void generationIsDeterministicPerSeedOnAnyNumberOfThreads() {
        List<String> one = new ArrayList<>();
        List<String> two = new ArrayList<>();
        TaskGeneration.generate(DOMAIN.generator(Map.of()), 40, 5, 1, t -> one.add(t.id() + t.task()));
        TaskGeneration.generate(DOMAIN.generator(Map.of()), 40, 5, 2, t -> two.add(t.id() + t.task()));
        assertEquals(one, two);
        List<String> other = new ArrayList<>();
        TaskGeneration.generate(DOMAIN.generator(Map.of()), 40, 6, 2, t -> other.add(t.id() + t.task()));
        assertNotEquals(one, other);
    }

    @Test
    void optionsShapeThePrograms() {
        TaskGenerator<CProgram, CArray, CArray> straight = DOMAIN.generator(Map.of("max-statements", "1", "max-depth", "0",
                "max-locals", "1", "given", "3", "heldout", "2"));
        for (int i = 0; i < 50; i++) {
            var task = TaskGeneration.one(straight, 3, i).task();
            List<CStmt> statements = task.program().body().statements();
            long declarations = statements.stream().filter(s -> s instanceof CStmt.Decl).count();
            assertTrue(statements.size() - declarations == 2, "one statement and the return");
            assertTrue(declarations <= 3);
            assertEquals(5, task.examples().size());
            assertEquals(2, task.examples().stream().filter(Example::heldout).count());
        }
        TaskGenerator<CProgram, CArray, CArray> shorter = DOMAIN.generator(Map.of("max-tokens", "40"));
        for (int i = 0; i < 30; i++) {
            assertTrue(TaskGeneration.one(shorter, 3, i).task().program().tokens().size() <= 40);
        }
        TaskGenerator<CProgram, CArray, CArray> loops = DOMAIN.generator(Map.of("for-probability", "1"));
        for (int i = 0; i < 30; i++) {
            assertTrue(CProgramSampler.hasFor(TaskGeneration.one(loops, 3, i).task().program().body()));
        }
    }

    @Test
    void unknownOptionsAndBadValuesAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DOMAIN.generator(Map.of("max-rows", "8")));
        assertTrue(unknown.getMessage().startsWith("unknown option 'max-rows' for the c generator (known: min-statements, max-statements"),
                unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DOMAIN.generator(Map.of("max-depth", "deep")));
        assertEquals("option max-depth must be an integer in [0, 5], not 'deep'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DOMAIN.generator(Map.of("for-probability", "1.5")));
        assertThrows(IllegalArgumentException.class, () -> DOMAIN.generator(Map.of("given", "0")));
        IllegalArgumentException fewer = assertThrows(IllegalArgumentException.class,
                () -> DOMAIN.generator(Map.of("min-statements", "4", "max-statements", "3")));
        assertEquals("option min-statements must be an integer in [1, 3], not '4'", fewer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DOMAIN.generator(Map.of("min-changed-positions", "6")));
    }

    /** The paper's shape (models.md A.3, A.8): 2–8 statements, and examples that change several positions. */
    @Test
    void statementCountsAndChangedPositionsFollowTheirOptions() {
        TaskGenerator<CProgram, CArray, CArray> paper = DOMAIN.generator(Map.of("min-statements", "2",
                "max-statements", "8", "min-changed-positions", "3"));
        int[] counts = new int[9];
        for (int i = 0; i < 120; i++) {
            var task = TaskGeneration.one(paper, 4, i).task();
            List<CStmt> statements = task.program().body().statements();
            long declarations = statements.stream().filter(s -> s instanceof CStmt.Decl).count();
            int count = (int) (statements.size() - declarations - 1);
            assertTrue(count >= 2 && count <= 8, count + " statements in\n" + task.program());
            counts[count]++;
            int changed = CDomain.changedPositions(task.examples());
            assertTrue(changed >= 3, changed + " positions changed by\n" + task.program());
            long changedGiven = java.util.stream.IntStream.range(0, CArray.LENGTH).filter(p -> task.examples().stream()
                    .filter(e -> !e.heldout()).anyMatch(e -> e.input().get(p) != e.output().get(p))).count();
            assertEquals(changedGiven, changed, "counted on the given examples");
        }
        assertTrue(counts[2] > 0 && counts[8] > 0, "both ends of the range occur: " + java.util.Arrays.toString(counts));
        TaskGenerator<CProgram, CArray, CArray> plain = DOMAIN.generator(Map.of());
        long few = java.util.stream.IntStream.range(0, 120)
                .filter(i -> CDomain.changedPositions(TaskGeneration.one(plain, 4, i).task().examples()) < 3).count();
        assertTrue(few > 0, "without the filter some tasks change fewer positions");
    }
    /**
     * Issue 14's test set of the paper's shape (data/c/c-test-paper.jsonl, data/c/README.md): 1,000
     * tasks of 2–8 statements whose given examples change at least 2 positions, at most 80 tokens, at
     * least half with a {@code for}; locals, {@code for} nested in {@code for} (never deeper than 2),
     * {@code if}/{@code else} and {@code break}/{@code continue} all occur.
     */
    @Test
    void theTestSetOfThePapersShapeHasItsShape() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("data", "c", "c-test-paper.jsonl"));
        assertEquals(1000, lines.size());
        ObjectMapper json = new ObjectMapper();
        int withFor = 0;
        int withLocals = 0;
        int nested = 0;
        int withElse = 0;
        int jumps = 0;
        for (String line : lines) {
            var task = DOMAIN.taskFormat().read(json.readTree(line));
            CProgram program = DOMAIN.parse(task.program());
            List<CStmt> statements = program.body().statements();
            long declarations = statements.stream().filter(st -> st instanceof CStmt.Decl).count();
            long count = statements.size() - declarations - 1;
            assertTrue(count >= 2 && count <= 8, count + " statements in " + task.id());
            assertTrue(CDomain.changedPositions(task.examples()) >= 2, task.id());
            assertTrue(program.tokens().size() <= 80, task.id());
            withFor += CProgramSampler.hasFor(program.body()) ? 1 : 0;
            withLocals += declarations > 1 ? 1 : 0;
            int depth = forDepth(program.body());
            assertTrue(depth <= 2, depth + " nested for loops in " + task.id());
            nested += depth == 2 ? 1 : 0;
            withElse += count(program.body(), st -> st instanceof CStmt.If i && i.otherwise() != null) > 0 ? 1 : 0;
            jumps += count(program.body(), st -> st instanceof CStmt.Break || st instanceof CStmt.Continue) > 0 ? 1 : 0;
        }
        assertTrue(withFor >= 500, withFor + " programs with a for");
        assertTrue(withLocals > 0 && nested > 0 && withElse > 0 && jumps > 0,
                "locals " + withLocals + ", nested for " + nested + ", else " + withElse + ", break/continue " + jumps);
    }

    /** The deepest nesting of {@code for} loops in a statement. */
    private static int forDepth(CStmt statement) {
        int deepest = 0;
        for (CStmt child : CMutator.Trees.children(statement)) {
            deepest = Math.max(deepest, forDepth(child));
        }
        return deepest + (statement instanceof CStmt.For ? 1 : 0);
    }

    private static int count(CStmt statement, Predicate<CStmt> test) {
        int found = test.test(statement) ? 1 : 0;
        for (CStmt child : CMutator.Trees.children(statement)) {
            found += count(child, test);
        }
        return found;
    }
}
