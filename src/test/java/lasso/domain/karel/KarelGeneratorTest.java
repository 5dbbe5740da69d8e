package lasso.domain.karel;

import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelGeneratorTest {

    private static final KarelDomain KAREL = new KarelDomain();
    private static List<TaskGeneration.Numbered<KarelProgram, KarelGrid, KarelGrid>> tasks;

    private static List<TaskGeneration.Numbered<KarelProgram, KarelGrid, KarelGrid>> generate(
            Map<String, String> options, int count, long seed, int threads) {
        List<TaskGeneration.Numbered<KarelProgram, KarelGrid, KarelGrid>> out = new ArrayList<>();
        TaskGeneration.generate(KAREL.generator(options), count, seed, threads, out::add);
        return out;
    }

    @BeforeAll
    static void generateOnce() {
        tasks = generate(Map.of(), 1500, 42, 2);
    }

    @Test
    void everyTaskPassesTheDatasetFilters() {
        KarelMachine machine = new KarelMachine(KarelRules.near());
        for (var numbered : tasks) {
            KarelProgram program = numbered.task().program();
            List<Example<KarelGrid, KarelGrid>> examples = numbered.task().examples();
            assertEquals(6, examples.size());
            assertTrue(program.size() <= 65 && program.depth() <= 5);
            for (int i = 0; i < 6; i++) {
                Example<KarelGrid, KarelGrid> example = examples.get(i);
                assertEquals(i == 5, example.heldout(), "examples 0-4 given, 5 held out");
                assertEquals(KarelMachine.OK, machine.run(program, example.input()), "no crash, no timeout");
                assertTrue(machine.outputEquals(example.output()));
                assertNotEquals(example.input(), example.output(), "the program changes the world");
                assertTrue(machine.actions().contains(Action.MOVE), "a move is executed");
                assertTrue(machine.actions().stream().anyMatch(Action::isMarkerAction), "a marker action is executed");
                for (int j = 0; j < i; j++) {
                    assertNotEquals(examples.get(j).input(), example.input(), "inputs differ");
                }
            }
        }
    }

    @Test
    void programsAndWorldsFollowTheTestSplitsStatistics() {
        List<KarelProgram> programs = tasks.stream().map(t -> t.task().program()).toList();
        KarelMachine machine = new KarelMachine(KarelRules.near());
        int[] actions = tasks.stream().flatMap(t -> t.task().examples().stream().map(e -> {
            machine.run(t.task().program(), e.input());
            return machine.actionCount();
        })).mapToInt(Integer::intValue).toArray();
        KarelStatistics generated = KarelStatistics.of(programs, actions);
        KarelStatistics test = KarelStatistics.TEST_SPLIT;
        String report = "\n" + generated.describe() + "\nvs\n" + test.describe();
        assertEquals(test.meanTokens(), generated.meanTokens(), 2.5, report);
        assertEquals(test.medianTokens(), generated.medianTokens(), 3, report);
        assertEquals(test.meanStatements(), generated.meanStatements(), 1.0, report);
        for (int depth = 0; depth < 4; depth++) {
            assertEquals(test.depthFractions().get(depth), generated.depthFractions().get(depth), 0.06, "depth " + depth + report);
        }
        assertEquals(test.repeatFraction(), generated.repeatFraction(), 0.07, report);
        assertEquals(test.whileFraction(), generated.whileFraction(), 0.07, report);
        assertEquals(test.ifFraction(), generated.ifFraction(), 0.07, report);
        assertEquals(test.ifElseFraction(), generated.ifElseFraction(), 0.07, report);
        assertEquals(test.meanActions(), generated.meanActions(), 2.0, report);
        // Worlds span the data set's sizes.
        int smallest = 16;
        int largest = 2;
        for (var numbered : tasks) {
            for (var example : numbered.task().examples()) {
                smallest = Math.min(smallest, Math.min(example.input().rows(), example.input().cols()));
                largest = Math.max(largest, Math.max(example.input().rows(), example.input().cols()));
            }
        }
        assertEquals(2, smallest);
        assertEquals(16, largest);
    }

    @Test
    void repeatCountsFollowTheTestSplitsHistogram() {
        int[] counts = new int[11];
        for (var numbered : tasks) {
            countRepeats(numbered.task().program().body(), counts);
        }
        double total = 0;
        double sum = 0;
        for (int n = 2; n <= 10; n++) {
            total += counts[n];
            sum += n * counts[n];
        }
        // The split's mean count is 5122 / 1106 = 4.63, and R=5 is its most frequent count.
        assertEquals(4.63, sum / total, 0.5);
        for (int n = 6; n <= 10; n++) {
            assertTrue(counts[5] > counts[n], "R=5 more frequent than R=" + n);
        }
    }

    private static void countRepeats(List<Statement> block, int[] counts) {
        for (Statement statement : block) {
            if (statement instanceof Statement.Repeat repeat) {
                counts[repeat.times()]++;
            }
            Statements.blocks(statement).forEach(child -> countRepeats(child, counts));
        }
    }

    @Test
    void theSameSeedGivesTheSameTasksOnAnyNumberOfThreads() {
        var one = generate(Map.of("max-rows", "8", "max-cols", "8"), 150, 7, 1);
        var three = generate(Map.of("max-rows", "8", "max-cols", "8"), 150, 7, 3);
        assertEquals(one, three);
        var other = generate(Map.of("max-rows", "8", "max-cols", "8"), 150, 8, 2);
        assertNotEquals(one.get(0).task(), other.get(0).task());
    }

    @Test
    void optionsBoundTheWorldsAndPrograms() {
        var small = generate(Map.of("min-rows", "3", "max-rows", "5", "max-cols", "4", "max-tokens", "14", "max-depth", "1"),
                200, 3, 2);
        for (var numbered : small) {
            KarelProgram program = numbered.task().program();
            assertTrue(program.size() <= 14, program.toString());
            assertTrue(program.depth() <= 1, program.toString());
            for (var example : numbered.task().examples()) {
                assertTrue(example.input().rows() >= 3 && example.input().rows() <= 5);
                assertTrue(example.input().cols() <= 4);
            }
        }
        var gandrl = generate(Map.of("rules", "gandrl"), 50, 3, 1);
        KarelMachine machine = new KarelMachine(KarelRules.gandrl());
        for (var numbered : gandrl) {
            for (var example : numbered.task().examples()) {
                assertTrue(machine.passes(numbered.task().program(), example.input(), example.output()));
            }
        }
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("unknown Karel generator option 'max-row' (known: min-rows, max-rows, min-cols, max-cols, max-tokens, "
                + "max-depth, rules)", assertThrows(IllegalArgumentException.class,
                () -> KAREL.generator(Map.of("max-row", "8"))).getMessage());
        assertEquals("Karel generator option max-rows: 17 is outside 2..16",
                assertThrows(IllegalArgumentException.class, () -> KAREL.generator(Map.of("max-rows", "17"))).getMessage());
        assertEquals("Karel generator option max-rows: 3 is outside 5..16", assertThrows(IllegalArgumentException.class,
                () -> KAREL.generator(Map.of("min-rows", "5", "max-rows", "3"))).getMessage());
        assertEquals("Karel generator option max-tokens: 'many' is not an integer",
                assertThrows(IllegalArgumentException.class, () -> KAREL.generator(Map.of("max-tokens", "many"))).getMessage());
        assertEquals("unknown Karel rules 'strict' (known: near, gandrl)",
                assertThrows(IllegalArgumentException.class, () -> KAREL.generator(Map.of("rules", "strict"))).getMessage());
    }

    @Test
    void anAttemptIsRejectedRatherThanBentToFit() {
        TaskGenerator<KarelProgram, KarelGrid, KarelGrid> generator = KAREL.generator(Map.of());
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int accepted = 0;
        for (int i = 0; i < 400; i++) {
            accepted += generator.attempt(random).isPresent() ? 1 : 0;
        }
        assertTrue(accepted > 40 && accepted < 380, "some attempts are filtered out: " + accepted);
        assertFalse(tasks.isEmpty());
    }
}
