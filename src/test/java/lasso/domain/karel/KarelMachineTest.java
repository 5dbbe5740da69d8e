package lasso.domain.karel;

import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelMachineTest {

    private final KarelMachine near = new KarelMachine(KarelRules.near());
    private final KarelMachine gandrl = new KarelMachine(KarelRules.gandrl());

    private static KarelProgram program(String body) throws ProgramSyntaxException {
        return KarelParser.parseText("DEF run m( " + body + " m)");
    }

    private static KarelGrid grid(int rows, int cols, int row, int col, Direction direction) {
        return KarelGrid.builder(rows, cols).hero(row, col, direction).build();
    }

    @Test
    void movingIntoTheBorderCrashesAndListsTheFailingMove() throws ProgramSyntaxException {
        KarelGrid input = grid(2, 2, 0, 0, Direction.EAST);
        assertEquals(KarelMachine.CRASH, near.run(program("putMarker move move"), input));
        assertEquals(List.of(Action.PUT_MARKER, Action.MOVE, Action.MOVE), near.actions());
        assertEquals("move into a wall from 0:1 facing east (action 3)", near.failure());
        // The world is left as it was before the failing action.
        assertEquals(input.toBuilder().markers(0, 0, 1).hero(0, 1, Direction.EAST).build(), near.output());
        Outcome<KarelGrid> outcome = near.outcome();
        assertEquals(Outcome.FailureKind.ERROR, assertInstanceOf(Outcome.Failure.class, outcome).kind());
    }

    @Test
    void movingIntoAnObstacleCrashes() throws ProgramSyntaxException {
        KarelGrid input = KarelGrid.builder(3, 3).hero(0, 1, Direction.NORTH).obstacle(1, 1).build();
        assertEquals(KarelMachine.CRASH, near.run(program("move"), input));
        assertEquals(KarelMachine.CRASH, gandrl.run(program("move"), input));
        assertEquals(KarelMachine.OK, near.run(program("turnLeft move"), input));
        assertEquals(0, near.output().heroCol());
    }

    @Test
    void pickingFromAnEmptyCellCrashes() throws ProgramSyntaxException {
        KarelGrid input = KarelGrid.builder(2, 2).hero(0, 0, Direction.NORTH).markers(0, 0, 1).build();
        assertEquals(KarelMachine.OK, near.run(program("pickMarker"), input));
        assertEquals(KarelMachine.CRASH, near.run(program("pickMarker pickMarker"), input));
        assertEquals("pickMarker on an empty cell at 0:0 (action 2)", near.failure());
        assertEquals(KarelMachine.CRASH, gandrl.run(program("pickMarker pickMarker"), input));
    }

    @Test
    void puttingOntoNineMarkersCrashesUnderNearButGandrlAllowsTen() throws ProgramSyntaxException {
        KarelGrid eight = KarelGrid.builder(2, 2).hero(0, 0, Direction.NORTH).markers(0, 0, 8).build();
        assertEquals(KarelMachine.OK, near.run(program("putMarker"), eight));
        assertEquals(9, near.output().markers(0, 0));
        assertEquals(KarelMachine.CRASH, near.run(program("putMarker putMarker"), eight));
        assertTrue(near.failure().startsWith("putMarker on a cell with 9 markers at 0:0"), near.failure());
        assertEquals(KarelMachine.OK, gandrl.run(program("putMarker putMarker"), eight));
        assertEquals(10, gandrl.output().markers(0, 0));
        assertEquals(KarelMachine.CRASH, gandrl.run(program("putMarker putMarker putMarker"), eight));
    }

    @Test
    void nearAllows999StepsAndFailsThe1000th() throws ProgramSyntaxException {
        KarelGrid input = grid(3, 3, 1, 1, Direction.NORTH);
        assertEquals(KarelMachine.OK, near.run(program("turnLeft ".repeat(999)), input));
        assertEquals(999, near.steps());
        assertEquals(KarelMachine.TIMEOUT, near.run(program("turnLeft ".repeat(1000)), input));
        assertEquals(1000, near.actionCount());
        assertEquals(Outcome.FailureKind.TIMEOUT, ((Outcome.Failure<KarelGrid>) near.outcome()).kind());
        // A repeat of n costs n + 1 steps under NEAR: 19 + 980 = 999.
        assertEquals(KarelMachine.OK, near.run(program("REPEAT R=9 r( turnLeft r) " + "turnLeft ".repeat(980)), input));
        assertEquals(999, near.steps());
        assertEquals(KarelMachine.TIMEOUT, near.run(program("REPEAT R=9 r( turnLeft r) " + "turnLeft ".repeat(981)), input));
    }

    @Test
    void gandrlAllows200TicksAndFailsThe201st() throws ProgramSyntaxException {
        KarelGrid input = grid(3, 3, 1, 1, Direction.NORTH);
        assertEquals(KarelMachine.OK, gandrl.run(program("turnLeft ".repeat(200)), input));
        assertEquals(200, gandrl.steps());
        assertEquals(KarelMachine.TIMEOUT, gandrl.run(program("turnLeft ".repeat(201)), input));
        assertEquals(200, gandrl.actionCount(), "the action of the 201st tick is not listed");
        // A repeat of n costs n ticks under GandRL: 18 + 182 = 200.
        assertEquals(KarelMachine.OK, gandrl.run(program("REPEAT R=9 r( turnLeft r) " + "turnLeft ".repeat(182)), input));
        assertEquals(KarelMachine.TIMEOUT, gandrl.run(program("REPEAT R=9 r( turnLeft r) " + "turnLeft ".repeat(183)), input));
    }

    @Test
    void atTheBoundaryNearReportsTheCrashAndGandrlTheTimeout() throws ProgramSyntaxException {
        KarelGrid input = grid(2, 2, 0, 0, Direction.SOUTH);
        // 999 steps, then a move that is both the 1,000th step and a crash: NEAR checks the crash first.
        String turns = "turnLeft turnRight ".repeat(499) + "turnRight ";
        assertEquals(KarelMachine.CRASH, near.run(program(turns + "move"), input.toBuilder().hero(0, 0, Direction.EAST).build()));
        assertEquals(KarelMachine.TIMEOUT, near.run(program(turns + "move"), input.toBuilder().hero(0, 0, Direction.NORTH).build()));
        assertEquals(1000, near.actionCount());
        // GandRL counts the tick first: the 201st tick times out before the move can crash.
        assertEquals(KarelMachine.TIMEOUT, gandrl.run(program("turnLeft turnRight ".repeat(100) + "move"), input));
        assertEquals(200, gandrl.actionCount());
    }

    @Test
    void aWhileOverFifteenMovesTakes31StepsUnderBothRules() throws ProgramSyntaxException {
        KarelGrid input = grid(2, 16, 0, 0, Direction.EAST);
        KarelProgram program = program("WHILE c( frontIsClear c) w( move w)");
        assertEquals(KarelMachine.OK, near.run(program, input));
        assertEquals(31, near.steps());
        assertEquals(15, near.output().heroCol());
        assertEquals(KarelMachine.OK, gandrl.run(program, input));
        assertEquals(31, gandrl.steps());
    }

    @Test
    void testsCostOneStepEach() throws ProgramSyntaxException {
        KarelGrid input = grid(3, 3, 1, 1, Direction.NORTH);
        near.run(program("IF c( markersPresent c) i( move i) IFELSE c( frontIsClear c) i( turnLeft i) ELSE e( move e)"), input);
        assertEquals(3, near.steps());
        assertEquals(List.of(Action.TURN_LEFT), near.actions());
    }

    @Test
    void anEndlessLoopTimesOut() throws ProgramSyntaxException {
        assertEquals(KarelMachine.TIMEOUT, near.run(program("WHILE c( noMarkersPresent c) w( turnLeft w)"), grid(2, 2, 0, 0, Direction.NORTH)));
        assertEquals("step budget exhausted: more than 999 steps (near rules)", near.failure());
    }

    @Test
    void sensorsLookInTheHeroRelativeDirections() throws ProgramSyntaxException {
        // Hero at the centre of a 3x3 world with an obstacle to the north.
        KarelGrid.Builder builder = KarelGrid.builder(3, 3).obstacle(2, 1);
        KarelProgram probe = program("IF c( frontIsClear c) i( putMarker i) IF c( not c( leftIsClear c) c) i( move i) "
                + "IF c( rightIsClear c) i( turnLeft i)");
        // Facing east: front clear, left (north) blocked, right (south) clear.
        near.run(probe, builder.hero(1, 1, Direction.EAST).build());
        assertEquals(List.of(Action.PUT_MARKER, Action.MOVE, Action.TURN_LEFT), near.actions());
        // Facing north: front blocked, left (west) clear, right (east) clear.
        near.run(probe, builder.hero(1, 1, Direction.NORTH).build());
        assertEquals(List.of(Action.TURN_LEFT), near.actions());
        // Facing west: front clear, left (south) clear, right (north) blocked.
        near.run(probe, builder.hero(1, 1, Direction.WEST).build());
        assertEquals(List.of(Action.PUT_MARKER), near.actions());
        KarelProgram markers = program("IF c( markersPresent c) i( pickMarker i) IF c( noMarkersPresent c) i( putMarker i)");
        near.run(markers, KarelGrid.builder(2, 2).hero(0, 0, Direction.NORTH).markers(0, 0, 2).build());
        assertEquals(List.of(Action.PICK_MARKER), near.actions());
        near.run(markers, grid(2, 2, 0, 0, Direction.NORTH));
        assertEquals(List.of(Action.PUT_MARKER), near.actions());
    }

    @Test
    void aMachineCarriesNothingOverFromOneRunToTheNext() throws ProgramSyntaxException {
        KarelProgram program = program("REPEAT R=3 r( putMarker move r)");
        KarelGrid big = grid(16, 16, 0, 0, Direction.NORTH);
        KarelGrid small = grid(4, 2, 0, 1, Direction.NORTH);
        near.run(program, big);
        near.run(program, small);
        KarelMachine fresh = new KarelMachine(KarelRules.near());
        fresh.run(program, small);
        assertEquals(fresh.output(), near.output());
        assertTrue(near.outputEquals(fresh.output()));
        assertFalse(near.outputEquals(small));
    }

    @Property(tries = 400)
    void theCompiledMachineAgreesWithAPlainTreeWalk(@ForAll("cases") Case c) {
        for (KarelRules rules : List.of(KarelRules.near(), KarelRules.gandrl(), KarelRules.near(60))) {
            KarelMachine machine = new KarelMachine(rules);
            int status = machine.run(c.program, c.grid);
            ReferenceInterpreter.Result expected = new ReferenceInterpreter(rules).run(c.program, c.grid);
            String where = rules.name() + " " + c.program + "\n" + c.grid;
            assertEquals(expected.status().ordinal(), status, where);
            assertEquals(expected.actions(), machine.actions(), where);
            if (status == KarelMachine.OK) {
                assertEquals(expected.steps(), machine.steps(), where);
                KarelGrid output = machine.output();
                assertEquals(expected.heroRow(), output.heroRow(), where);
                assertEquals(expected.heroCol(), output.heroCol(), where);
                assertEquals(expected.direction(), output.heroDirection().ordinal(), where);
                for (int r = 0; r < output.rows(); r++) {
                    for (int col = 0; col < output.cols(); col++) {
                        assertEquals(expected.markers()[r][col], output.markers(r, col), where);
                    }
                }
            }
        }
    }

    record Case(KarelProgram program, KarelGrid grid) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            return new Case(new KarelProgramSampler(5).sample(random),
                    new KarelGridSampler(2, 6, 2, 6).sample(random));
        });
    }
}
