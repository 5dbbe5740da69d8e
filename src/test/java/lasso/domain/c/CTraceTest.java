package lasso.domain.c;

import lasso.domain.Outcome;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.figure5;
import static lasso.domain.c.CTestPrograms.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CTraceTest {

    private static String text(List<String> tokens, TraceEvent event) {
        return String.join(" ", tokens.subList(event.span().first(), event.span().last() + 1));
    }

    @Test
    void aTraceHasAStateAfterEveryStepAndEventsWithTokenSpans() {
        CProgram program = parse(figure5(2));
        List<String> tokens = DOMAIN.tokens(program);
        @SuppressWarnings("unchecked")
        Trace<CState> trace = (Trace<CState>) DOMAIN.trace(program, CArray.of(1, -3, 0, 2, 4));
        assertTrue(trace.success());
        assertEquals(Outcome.ok(CArray.of(1, -4, -1, 6, 4)), trace.outcome());
        assertEquals(trace.events().size() + 1, trace.states().size());
        assertEquals(new CState(CArray.of(1, -3, 0, 2, 4), Map.of()), trace.states().get(0));
        assertEquals(List.of("declare", "declare", "assign", "for", "decrement", "increment", "for", "decrement",
                "increment", "for", "assign", "return"), trace.events().stream().map(TraceEvent::type).toList());
        for (int i = 0; i < trace.events().size(); i++) {
            assertEquals(i + 1, trace.events().get(i).timestep());
            assertTrue(trace.events().get(i).success());
        }
        assertEquals("int p_0 = 2 ;", text(tokens, trace.events().get(0)));
        assertEquals("p_0 = 1", text(tokens, trace.events().get(2)));
        TraceEvent test = trace.events().get(3);
        assertTrue(text(tokens, test).startsWith("for ( p_0 = 1 ; p_0 <= 2 ; p_0 ++ )"));
        assertEquals("p_0 <= 2", String.join(" ", tokens.subList(test.conditionSpan().first(), test.conditionSpan().last() + 1)));
        assertEquals(List.of(1, 1, 0), trace.events().stream().filter(e -> e.type().equals("for"))
                .map(TraceEvent::conditionValue).toList());
        assertEquals("a [ p_0 ] -- ;", text(tokens, trace.events().get(4)));
        assertNull(trace.events().get(4).conditionSpan());
        // After the first decrement: a[1] went from -3 to -4, p_0 is 1; l_12 is canonically l_0.
        CState afterDecrement = trace.states().get(5);
        assertEquals(CArray.of(1, -4, 0, 2, 4), afterDecrement.list());
        assertEquals(Map.of("p_0", 1, "l_0", 3), afterDecrement.variables());
        assertEquals(List.of("p_0", "l_0"), List.copyOf(afterDecrement.variables().keySet()));
        assertEquals(CArray.of(1, -4, -1, 6, 4), trace.states().get(trace.states().size() - 1).list());
    }

    @Test
    void variablesLeaveTheStateWithTheirScope() {
        CProgram program = parse("{ for (int p_5 = 0; p_5 < 1; p_5++) { int l_9 = 4; a[p_5] = l_9; } return a; }");
        @SuppressWarnings("unchecked")
        Trace<CState> trace = (Trace<CState>) DOMAIN.trace(program, CArray.of(0, 0, 0, 0, 0));
        assertEquals(Map.of("p_0", 0, "l_0", 4), trace.states().get(4).variables());
        assertEquals(Map.of(), trace.states().get(trace.states().size() - 1).variables());
    }

    @Test
    void aFailedStepEndsTheTraceWithAnUnsuccessfulEvent() {
        CProgram program = parse("{ int p_0 = 3; if (a[p_0 + 4] > 0) a[0] = 1; return a; }");
        Trace<?> trace = DOMAIN.trace(program, CArray.of(0, 0, 0, 0, 0));
        assertFalse(trace.success());
        assertEquals(Outcome.FailureKind.ERROR, ((Outcome.Failure<?>) trace.outcome()).kind());
        TraceEvent last = trace.events().get(trace.events().size() - 1);
        assertEquals("if", last.type());
        assertFalse(last.success());
        assertNull(last.conditionValue());
        assertEquals(trace.events().size(), trace.states().size(), "no state after the failed step");
        Trace<?> timeout = DOMAIN.trace(parse("{ for (int p_0 = 0; p_0 < 1; p_0++) p_0--; return a; }"), CArray.of(0, 0, 0, 0, 0));
        assertEquals(Outcome.FailureKind.TIMEOUT, ((Outcome.Failure<?>) timeout.outcome()).kind());
        assertEquals(CInterpreter.STEP_LIMIT + 1, timeout.events().size());
        assertFalse(timeout.events().get(CInterpreter.STEP_LIMIT).success());
    }
}
