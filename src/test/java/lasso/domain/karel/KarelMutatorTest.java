package lasso.domain.karel;

import lasso.domain.ProgramSyntaxException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelMutatorTest {

    private static final KarelMutator MUTATOR = KarelMutator.INSTANCE;

    /** Blocks: run (3 statements), the if's (2), the repeat's (1); 4 actions, 2 compounds, 1 if. */
    private static final KarelProgram PROGRAM = parse(
            "DEF run m( move IF c( frontIsClear c) i( turnLeft putMarker i) REPEAT R=3 r( pickMarker r) m)");

    private static KarelProgram parse(String text) {
        try {
            return KarelParser.parseText(text);
        } catch (ProgramSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void theEightOperatorsAreSedsWithTheirBaseWeights() {
        assertEquals(List.of("ADD_ACTION", "REMOVE_ACTION", "REPLACE_ACTION", "UNWRAP_BLOCK", "WRAP_BLOCK", "WRAP_IFELSE",
                "REPLACE_COND", "SWITCH_IF_WHILE"), MUTATOR.operators());
    }

    @Test
    void weightsAreBaseWeightTimesApplicablePlaces() {
        // add: 4+3+2 places; remove: 3 actions in blocks of 2+; replace: 4 actions; unwrap: 2 compounds;
        // wrap: 0.25 * (6+3+1) spans; wrap ifelse: 0.75 * (4+1+0) split triples; cond: 2; switch: 1 if.
        assertArrayEquals(new double[] {9, 3, 4, 2, 2.5, 3.75, 2, 1}, MUTATOR.weights(PROGRAM), 1e-12);
    }

    /** What a mutant differs by, read from its shape alone. */
    private static KarelMutator.Operator classify(KarelProgram original, KarelProgram mutant) {
        int[] before = kinds(original.body(), new int[4]);
        int[] after = kinds(mutant.body(), new int[4]);
        List<Action> a = actions(original.body(), new ArrayList<>());
        List<Action> b = actions(mutant.body(), new ArrayList<>());
        int compoundChange = (after[0] + after[1] + after[2] + after[3]) - (before[0] + before[1] + before[2] + before[3]);
        if (b.size() == a.size() + 1 && compoundChange == 0) {
            return KarelMutator.Operator.ADD_ACTION;
        }
        if (b.size() == a.size() - 1 && compoundChange == 0) {
            return KarelMutator.Operator.REMOVE_ACTION;
        }
        if (!b.equals(a)) {
            int differences = 0;
            for (int i = 0; i < a.size() && b.size() == a.size(); i++) {
                differences += a.get(i) == b.get(i) ? 0 : 1;
            }
            assertEquals(1, differences, "a replaced action: " + original + " -> " + mutant);
            assertEquals(original.size(), mutant.size());
            return KarelMutator.Operator.REPLACE_ACTION;
        }
        if (compoundChange == -1) {
            return KarelMutator.Operator.UNWRAP_BLOCK;
        }
        if (compoundChange == 1) {
            return after[3] == before[3] + 1 ? KarelMutator.Operator.WRAP_IFELSE : KarelMutator.Operator.WRAP_BLOCK;
        }
        if (after[1] != before[1]) {
            assertEquals(before[1] - after[1], after[2] - before[2], "an if became a while or back");
            return KarelMutator.Operator.SWITCH_IF_WHILE;
        }
        assertArrayEquals(before, after);
        assertNotEquals(original, mutant);
        return KarelMutator.Operator.REPLACE_COND;
    }

    /** Counts of REPEAT, WHILE, IF, IFELSE. */
    private static int[] kinds(List<Statement> block, int[] counts) {
        for (Statement statement : block) {
            if (statement instanceof Statement.Repeat) {
                counts[0]++;
            } else if (statement instanceof Statement.While) {
                counts[1]++;
            } else if (statement instanceof Statement.If) {
                counts[2]++;
            } else if (statement instanceof Statement.IfElse) {
                counts[3]++;
            }
            Statements.blocks(statement).forEach(child -> kinds(child, counts));
        }
        return counts;
    }

    private static List<Action> actions(List<Statement> block, List<Action> out) {
        for (Statement statement : block) {
            if (statement instanceof Action action) {
                out.add(action);
            }
            Statements.blocks(statement).forEach(child -> actions(child, out));
        }
        return out;
    }

    @Test
    void eachOperatorDoesWhatItSays() {
        SplittableRandom random = new SplittableRandom(3);
        for (KarelMutator.Operator operator : KarelMutator.Operator.values()) {
            for (int i = 0; i < 200; i++) {
                KarelProgram mutant = MUTATOR.mutate(PROGRAM, operator, random).orElseThrow();
                assertEquals(operator, classify(PROGRAM, mutant), PROGRAM + " -> " + mutant);
            }
        }
    }

    @Test
    void replaceCondGivesARepeatAnotherCountAndAConditionAnotherOfTheEight() {
        SplittableRandom random = new SplittableRandom(5);
        boolean sawCount = false;
        boolean sawCondition = false;
        for (int i = 0; i < 300; i++) {
            KarelProgram mutant = MUTATOR.mutate(PROGRAM, KarelMutator.Operator.REPLACE_COND, random).orElseThrow();
            Statement.If branch = (Statement.If) mutant.body().get(1);
            Statement.Repeat repeat = (Statement.Repeat) mutant.body().get(2);
            if (repeat.times() != 3) {
                sawCount = true;
                assertEquals(Condition.of(Sensor.FRONT_IS_CLEAR), branch.condition());
                assertTrue(repeat.times() >= 2 && repeat.times() <= 10);
            } else {
                sawCondition = true;
                assertNotEquals(Condition.of(Sensor.FRONT_IS_CLEAR), branch.condition());
                assertTrue(Condition.MUTATION_CHOICES.contains(branch.condition()));
            }
        }
        assertTrue(sawCount && sawCondition);
    }

    @Test
    void operatorsAreDrawnInProportionToTheirWeights() {
        double[] weights = MUTATOR.weights(PROGRAM);
        double total = java.util.Arrays.stream(weights).sum();
        Map<KarelMutator.Operator, Integer> counts = new EnumMap<>(KarelMutator.Operator.class);
        SplittableRandom random = new SplittableRandom(11);
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(classify(PROGRAM, MUTATOR.mutate(PROGRAM, random).orElseThrow()), 1, Integer::sum);
        }
        for (KarelMutator.Operator operator : KarelMutator.Operator.values()) {
            double expected = weights[operator.ordinal()] / total;
            double observed = counts.getOrDefault(operator, 0) / (double) draws;
            assertEquals(expected, observed, 0.015, operator.name());
        }
    }

    @Test
    void operatorsThatApplyNowhereGiveNothing() {
        KarelProgram straight = parse("DEF run m( move m)");
        SplittableRandom random = new SplittableRandom(1);
        for (KarelMutator.Operator operator : List.of(KarelMutator.Operator.REMOVE_ACTION, KarelMutator.Operator.UNWRAP_BLOCK,
                KarelMutator.Operator.WRAP_IFELSE, KarelMutator.Operator.REPLACE_COND, KarelMutator.Operator.SWITCH_IF_WHILE)) {
            assertEquals(Optional.empty(), MUTATOR.mutate(straight, operator, random), operator.name());
        }
        assertTrue(MUTATOR.mutate(straight, KarelMutator.Operator.WRAP_BLOCK, random).isPresent());
    }

    @Test
    void chainsHaveOneTwoOrThreeStepsWithProbabilitiesOneTwoThreeSixths() {
        SplittableRandom random = new SplittableRandom(9);
        int[] counts = new int[4];
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            counts[KarelMutator.chainLength(random)]++;
        }
        assertEquals(0, counts[0]);
        assertEquals(1 / 6.0, counts[1] / (double) draws, 0.01);
        assertEquals(2 / 6.0, counts[2] / (double) draws, 0.01);
        assertEquals(3 / 6.0, counts[3] / (double) draws, 0.01);
    }

    @Property(tries = 300)
    void everyMutantParsesAndIsNew(@ForAll long seed) throws ProgramSyntaxException {
        Random random = new Random(seed);
        KarelProgram program = new KarelProgramSampler(5).sample(random);
        KarelProgram mutant = MUTATOR.mutate(program, random).orElseThrow();
        assertNotEquals(program, mutant);
        assertEquals(mutant, KarelParser.parse(mutant.tokens()));
        for (int steps = 1; steps <= 3; steps++) {
            KarelProgram chained = MUTATOR.mutateChain(program, steps, random).orElseThrow();
            assertNotEquals(program, chained);
            assertEquals(chained, KarelParser.parse(chained.tokens()));
        }
        KarelProgram chained = MUTATOR.mutateChain(program, random).orElseThrow();
        assertEquals(chained, KarelParser.parseText(chained.toString()));
    }
}
