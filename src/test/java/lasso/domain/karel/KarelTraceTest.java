package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TokenSpan;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;
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

/** Traces as SED's executor records them (karel.md §6), worked out by hand. */
class KarelTraceTest {

    private final KarelDomain karel = new KarelDomain();

    private static TraceEvent action(int timestep, String type, int token) {
        return new TraceEvent(timestep, type, new TokenSpan(token, token), null, null, true);
    }

    private static TraceEvent control(int timestep, String type, int first, int last, int condFirst, int condLast, int value) {
        return new TraceEvent(timestep, type, new TokenSpan(first, last), new TokenSpan(condFirst, condLast), value, true);
    }

    private static TraceEvent failed(TraceEvent event) {
        return new TraceEvent(event.timestep(), event.type(), event.span(), event.conditionSpan(), event.conditionValue(), false);
    }

    @Test
    void theRealTaskOfSection6GivesNineGridsAndFourteenEvents() throws Exception {
        JsonNode record = RealKarelData.records(RealKarelData.FULL).get(0);
        KarelProgram program = KarelParser.parse(RealKarelData.strings(record.get("program_tokens")));
        assertEquals("DEF run m( putMarker REPEAT R=5 r( move r) move putMarker m)", program.toString());
        JsonNode example = record.get("examples").get(0);
        KarelGrid input = KarelGridJson.read(example.get("inpgrid_json"));
        Trace<KarelGrid> trace = karel.trace(program, input);
        // Tokens: 3 putMarker, 4 REPEAT, 5 R=5, 6 r(, 7 move, 8 r), 9 move, 10 putMarker.
        assertEquals(List.of(
                action(1, "putMarker", 3),
                control(2, "repeat", 4, 8, 5, 5, 5), action(2, "move", 7),
                control(3, "repeat", 4, 8, 5, 5, 4), action(3, "move", 7),
                control(4, "repeat", 4, 8, 5, 5, 3), action(4, "move", 7),
                control(5, "repeat", 4, 8, 5, 5, 2), action(5, "move", 7),
                control(6, "repeat", 4, 8, 5, 5, 1), action(6, "move", 7),
                control(7, "repeat", 4, 8, 5, 5, 0), action(7, "move", 9),
                action(8, "putMarker", 10)), trace.events());
        assertEquals(9, trace.states().size());
        assertEquals(input, trace.states().get(0));
        assertEquals(KarelGridJson.read(example.get("outgrid_json")), trace.states().get(8));
        assertTrue(trace.success());
        assertEquals(Outcome.ok(trace.states().get(8)), trace.outcome());
        // After the first putMarker the hero's cell holds one marker, and the hero has not moved.
        assertEquals(1, trace.states().get(1).markers(input.heroRow(), input.heroCol()));
        assertEquals(input.heroCol() + 1, trace.states().get(2).heroCol());
    }

    @Test
    void conditionsReportTheirSpanAndValue() throws ProgramSyntaxException {
        // 3 IFELSE 4 c( 5 not 6 c( 7 frontIsClear 8 c) 9 c) 10 i( 11 turnLeft 12 i) 13 ELSE 14 e( 15 move 16 e)
        // 17 WHILE 18 c( 19 markersPresent 20 c) 21 w( 22 pickMarker 23 w) 24 IF 25 c( 26 leftIsClear 27 c)
        // 28 i( 29 turnRight 30 i)
        KarelProgram program = KarelParser.parseText("DEF run m( IFELSE c( not c( frontIsClear c) c) i( turnLeft i) ELSE e( move e) "
                + "WHILE c( markersPresent c) w( pickMarker w) IF c( leftIsClear c) i( turnRight i) m)");
        KarelGrid input = KarelGrid.builder(2, 3).hero(0, 0, Direction.EAST).markers(0, 1, 2).build();
        Trace<KarelGrid> trace = karel.trace(program, input);
        assertEquals(List.of(
                control(1, "ifElse", 3, 16, 5, 8, 0), action(1, "move", 15),
                control(2, "while", 17, 23, 19, 19, 1), action(2, "pickMarker", 22),
                control(3, "while", 17, 23, 19, 19, 1), action(3, "pickMarker", 22),
                control(4, "while", 17, 23, 19, 19, 0),
                control(4, "if", 24, 30, 26, 26, 1), action(4, "turnRight", 29)), trace.events());
        assertEquals(5, trace.states().size());
        assertEquals(1, trace.states().get(2).markers(0, 1));
        assertEquals(Direction.SOUTH, trace.states().get(4).heroDirection());
    }

    @Test
    void aCrashCutsTheTraceAfterTheFailingAction() throws ProgramSyntaxException {
        KarelProgram program = KarelParser.parseText("DEF run m( move move putMarker m)");
        KarelGrid input = KarelGrid.builder(2, 2).hero(0, 0, Direction.EAST).build();
        Trace<KarelGrid> trace = karel.trace(program, input);
        assertEquals(List.of(action(1, "move", 3), failed(action(2, "move", 4))), trace.events());
        assertEquals(2, trace.states().size(), "the world after the failing action is dropped");
        assertFalse(trace.success());
        assertEquals(Outcome.FailureKind.ERROR, assertInstanceOf(Outcome.Failure.class, trace.outcome()).kind());
    }

    @Test
    void aTimeoutBlamesTheWhileWithTheLongestRunOfTrueTests() throws ProgramSyntaxException {
        // 3 putMarker 4 WHILE 5 c( 6 frontIsClear 7 c) 8 w( 9 turnLeft 10 w): the hero spins for ever.
        KarelProgram program = KarelParser.parseText("DEF run m( putMarker WHILE c( frontIsClear c) w( turnLeft w) m)");
        KarelGrid input = KarelGrid.builder(3, 3).hero(1, 1, Direction.NORTH).build();
        Trace<KarelGrid> trace = karel.trace(program, input);
        assertEquals(List.of(action(1, "putMarker", 3), failed(control(2, "while", 4, 10, 6, 6, 1))), trace.events());
        assertEquals(2, trace.states().size());
        assertEquals(Outcome.FailureKind.TIMEOUT, assertInstanceOf(Outcome.Failure.class, trace.outcome()).kind());
    }

    @Test
    void aTimeoutWithoutAWhileBlamesTheFirstRepeat() throws ProgramSyntaxException {
        KarelProgram program = KarelParser.parseText(
                "DEF run m( turnLeft REPEAT R=10 r( REPEAT R=10 r( REPEAT R=10 r( turnLeft r) r) r) m)");
        Trace<KarelGrid> trace = karel.trace(program, KarelGrid.builder(2, 2).hero(0, 0, Direction.EAST).build());
        assertEquals(List.of(action(1, "turnLeft", 3), failed(control(2, "repeat", 4, 16, 5, 5, 10))), trace.events());
        assertEquals(2, trace.states().size());
    }

    @Test
    void afterAFailureSedRunsOnAndATimeoutThenBlamesTheLoop() throws ProgramSyntaxException {
        // The move fails (border), the loop never ends: SED's trace keeps the failed move and blames the while.
        KarelProgram program = KarelParser.parseText("DEF run m( move WHILE c( rightIsClear c) w( turnLeft turnRight w) m)");
        KarelGrid input = KarelGrid.builder(2, 2).hero(0, 0, Direction.WEST).build();
        Trace<KarelGrid> trace = karel.trace(program, input);
        assertEquals(List.of(failed(action(1, "move", 3)), failed(control(2, "while", 4, 11, 6, 6, 1))), trace.events());
        assertEquals(List.of(input, input), trace.states());
        assertEquals(Outcome.FailureKind.ERROR, assertInstanceOf(Outcome.Failure.class, trace.outcome()).kind(),
                "the outcome is the run's: it crashed first");
    }

    @Property(tries = 300)
    void aTraceAgreesWithThePlainRun(@ForAll("cases") KarelMachineTest.Case c) {
        for (KarelRules rules : List.of(KarelRules.near(), KarelRules.gandrl(), KarelRules.near(60))) {
            KarelMachine plain = new KarelMachine(rules);
            int status = plain.run(c.program(), c.grid());
            Outcome<KarelGrid> outcome = plain.outcome();
            KarelMachine traced = new KarelMachine(rules);
            Trace<KarelGrid> trace = traced.trace(c.program(), c.grid());
            String where = rules.name() + " " + c.program() + "\n" + c.grid();
            assertEquals(outcome, trace.outcome(), where);
            assertEquals(status, traced.status(), where);
            assertEquals(plain.actions(), traced.actions(), where);
            assertEquals(plain.steps(), traced.steps(), where);
            assertEquals(c.grid(), trace.states().get(0));
            for (TraceEvent event : trace.events()) {
                assertTrue(event.timestep() >= 1 && event.timestep() <= trace.states().size(), where);
            }
            if (status == KarelMachine.OK) {
                assertEquals(plain.actionCount() + 1, trace.states().size(), where);
                assertEquals(plain.output(), trace.states().get(trace.states().size() - 1), where);
                List<String> tokens = c.program().tokens();
                trace.events().stream().filter(e -> e.conditionSpan() == null)
                        .forEach(e -> assertEquals(e.type(), tokens.get(e.span().first())));
            } else {
                assertFalse(trace.events().get(trace.events().size() - 1).success(), where);
            }
        }
    }

    @Provide
    Arbitrary<KarelMachineTest.Case> cases() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            return new KarelMachineTest.Case(new KarelProgramSampler(5).sample(random),
                    new KarelGridSampler(2, 6, 2, 6).sample(random));
        });
    }
}
