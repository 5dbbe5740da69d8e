package lasso.domain.list;

import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's Fig. 1 example and every edge case of deepcoder.md §1.3 (PCCoder/dkamm column). */
class ListSemanticsTest {

    private static Outcome<Value> run(String program, Value... inputs) throws ProgramSyntaxException {
        return ListInterpreter.run(ListSyntax.parse(ListSyntax.tokenize(program)), ListInput.of(inputs));
    }

    private static Value ok(String program, Value... inputs) throws ProgramSyntaxException {
        Outcome<Value> outcome = run(program, inputs);
        assertTrue(outcome instanceof Outcome.Ok, () -> program + " failed: " + outcome);
        return ((Outcome.Ok<Value>) outcome).output();
    }

    private static void rejected(String program, String reason, Value... inputs) throws ProgramSyntaxException {
        Outcome<Value> outcome = run(program, inputs);
        assertTrue(outcome instanceof Outcome.Failure<Value> f && f.kind() == Outcome.FailureKind.ERROR
                && f.reason().contains(reason), () -> program + " should be rejected (" + reason + "): " + outcome);
    }

    @Test
    void figureOneExample() throws ProgramSyntaxException {
        ListValue input = Value.list(-17, -3, 4, 11, 0, -5, -9, 13, 6, 6, -8, 11);
        Value expected = Value.list(-12, -20, -32, -36, -68);
        assertEquals(expected, ok("LIST|FILTER,<0,0|MAP,*4,1|SORT,2|REVERSE,3", input));
        assertEquals(expected, ok("a <- [int]\nb <- FILTER isNEG a\nc <- MAP MUL4 b\nd <- SORT c\ne <- REVERSE d", input));
    }

    @Test
    void emptyListGivesNullForHeadLastMinimumMaximum() throws ProgramSyntaxException {
        for (String f : new String[] {"HEAD", "TAIL", "MINIMUM", "MAXIMUM"}) {
            assertEquals(NullValue.NULL, ok("LIST|" + f + ",0", Value.list()), f);
        }
        assertEquals(Value.of(3), ok("LIST|TAIL,0", Value.list(1, 2, 3)));
        assertEquals(Value.of(-2), ok("LIST|MINIMUM,0", Value.list(1, -2, 3)));
        assertEquals(Value.of(3), ok("LIST|MAXIMUM,0", Value.list(1, -2, 3)));
    }

    @Test
    void nullKillsTheStatementThatConsumesIt() throws ProgramSyntaxException {
        rejected("LIST|HEAD,0|TAKE,1,0", "NULL", Value.list());
        rejected("LIST|MINIMUM,0|ACCESS,1,0", "NULL", Value.list());
        rejected("LIST|MAXIMUM,0|DROP,1,0", "NULL", Value.list());
        assertEquals(Value.list(), ok("LIST|HEAD,0|TAKE,1,0", Value.list(0, 5)));
    }

    @Test
    void accessOutOfRangeOrNegativeIsNull() throws ProgramSyntaxException {
        ListValue xs = Value.list(4, 5, 6);
        assertEquals(Value.of(6), ok("INT|LIST|ACCESS,0,1", Value.of(2), xs));
        assertEquals(NullValue.NULL, ok("INT|LIST|ACCESS,0,1", Value.of(3), xs));
        assertEquals(NullValue.NULL, ok("INT|LIST|ACCESS,0,1", Value.of(-1), xs));
    }

    @Test
    void takeAndDropFollowPythonSlicing() throws ProgramSyntaxException {
        ListValue xs = Value.list(1, 2, 3, 4);
        assertEquals(Value.list(1, 2, 3), ok("INT|LIST|TAKE,0,1", Value.of(-1), xs));
        assertEquals(Value.list(4), ok("INT|LIST|DROP,0,1", Value.of(-1), xs));
        assertEquals(Value.list(), ok("INT|LIST|TAKE,0,1", Value.of(-9), xs));
        assertEquals(xs, ok("INT|LIST|DROP,0,1", Value.of(-9), xs));
        assertEquals(xs, ok("INT|LIST|TAKE,0,1", Value.of(9), xs));
        assertEquals(Value.list(), ok("INT|LIST|DROP,0,1", Value.of(9), xs));
        assertEquals(Value.list(1, 2), ok("INT|LIST|TAKE,0,1", Value.of(2), xs));
        assertEquals(Value.list(3, 4), ok("INT|LIST|DROP,0,1", Value.of(2), xs));
    }

    @Test
    void divisionTruncatesTowardZero() throws ProgramSyntaxException {
        ListValue xs = Value.list(-3, -1, 1, 3);
        assertEquals(Value.list(-1, 0, 0, 1), ok("LIST|MAP,/2,0", xs));
        assertEquals(Value.list(-2, 0, 0, 2), ok("LIST|MAP,/3,0", Value.list(-7, -2, 2, 7)));
        assertEquals(Value.list(-1, 0, 0, 1), ok("LIST|MAP,/4,0", Value.list(-7, -3, 3, 7)));
    }

    @Test
    void oddAndEvenUsePythonModulo() throws ProgramSyntaxException {
        ListValue xs = Value.list(-3, -1, 1, 3);
        assertEquals(Value.of(4), ok("LIST|COUNT,ODD,0", xs));
        assertEquals(Value.of(0), ok("LIST|COUNT,EVEN,0", xs));
        assertEquals(Value.list(-4, 0, 2), ok("LIST|FILTER,EVEN,0", Value.list(-4, -3, 0, 1, 2)));
        assertEquals(Value.list(-3, 1), ok("LIST|FILTER,ODD,0", Value.list(-4, -3, 0, 1, 2)));
    }

    @Test
    void aValueOutOfRangeRejectsTheProgram() throws ProgramSyntaxException {
        rejected("LIST|MAP,**2,0", "range", Value.list(100));
        rejected("LIST|MAP,+1,0", "range", Value.list(255));
        rejected("LIST|MAP,-1,0", "range", Value.list(-256));
        rejected("LIST|MAP,*-1,0", "range", Value.list(-256));
        rejected("LIST|SUM,0", "range", Value.list(200, 100));
        rejected("LIST|SCAN1L,*,0", "range", Value.list(20, 20));
        rejected("LIST|LIST|ZIPWITH,*,0,1", "range", Value.list(16), Value.list(16));
        assertEquals(Value.list(255), ok("LIST|MAP,+1,0", Value.list(254)));
        assertEquals(Value.list(225), ok("LIST|MAP,**2,0", Value.list(-15)));
        assertEquals(Value.list(255), ok("LIST|MAP,*-1,0", Value.list(-255)));
    }

    @Test
    void emptyListsFlowThroughHigherOrderFunctions() throws ProgramSyntaxException {
        for (String f : new String[] {"SCAN1L,+", "MAP,*2", "FILTER,>0", "SORT", "REVERSE"}) {
            assertEquals(Value.list(), ok("LIST|" + f + ",0", Value.list()), f);
        }
        assertEquals(Value.list(), ok("LIST|LIST|ZIPWITH,+,0,1", Value.list(), Value.list(1, 2)));
        assertEquals(Value.of(0), ok("LIST|SUM,0", Value.list()));
        assertEquals(Value.of(0), ok("LIST|COUNT,>0,0", Value.list()));
    }

    @Test
    void zipWithAndScanl1() throws ProgramSyntaxException {
        ListValue xs = Value.list(3, -1, 4, 1);
        ListValue ys = Value.list(2, 7, -5);
        assertEquals(Value.list(5, 6, -1), ok("LIST|LIST|ZIPWITH,+,0,1", xs, ys));
        assertEquals(Value.list(1, -8, 9), ok("LIST|LIST|ZIPWITH,-,0,1", xs, ys));
        assertEquals(Value.list(6, -7, -20), ok("LIST|LIST|ZIPWITH,*,0,1", xs, ys));
        assertEquals(Value.list(2, -1, -5), ok("LIST|LIST|ZIPWITH,min,0,1", xs, ys));
        assertEquals(Value.list(3, 7, 4), ok("LIST|LIST|ZIPWITH,max,0,1", xs, ys));
        assertEquals(Value.list(3, 2, 6, 7), ok("LIST|SCAN1L,+,0", xs));
        assertEquals(Value.list(3, 4, 0, -1), ok("LIST|SCAN1L,-,0", xs));
        assertEquals(Value.list(3, -3, -12, -12), ok("LIST|SCAN1L,*,0", xs));
        assertEquals(Value.list(3, -1, -1, -1), ok("LIST|SCAN1L,min,0", xs));
        assertEquals(Value.list(3, 3, 4, 4), ok("LIST|SCAN1L,max,0", xs));
        assertEquals(Value.of(7), ok("LIST|SUM,0", xs));
        assertEquals(Value.list(-1, 1, 3, 4), ok("LIST|SORT,0", xs));
        assertEquals(Value.list(1, 4, -1, 3), ok("LIST|REVERSE,0", xs));
    }

    @Test
    void everyMapLambda() throws ProgramSyntaxException {
        ListValue xs = Value.list(-5, 0, 7);
        String[][] cases = {{"+1", "[-4,1,8]"}, {"-1", "[-6,-1,6]"}, {"*2", "[-10,0,14]"}, {"/2", "[-2,0,3]"},
                {"*-1", "[5,0,-7]"}, {"**2", "[25,0,49]"}, {"*3", "[-15,0,21]"}, {"/3", "[-1,0,2]"},
                {"*4", "[-20,0,28]"}, {"/4", "[-1,0,1]"}};
        for (String[] c : cases) {
            assertEquals(c[1], ok("LIST|MAP," + c[0] + ",0", xs).toString(), c[0]);
        }
    }

    @Test
    void dkammReadmeProgramWithNullOutput() throws ProgramSyntaxException {
        String program = "LIST|LIST|COUNT,>0,0|ZIPWITH,+,1,0|ACCESS,2,3";
        assertEquals(Value.of(82), ok(program, Value.list(-46, -23, -78, 10), Value.list(125, 105, -69)));
        Value out = ok(program, Value.list(90, 103, -57, 13, -45, 28, -30, 68, -113, 60, -71, 48, -117, 79, -42, -43, 37, -96),
                Value.list(13, -52, 48, 6, -8, -55, 35, 75));
        assertEquals(NullValue.NULL, out);
    }

    @Test
    void valuesCompareByContentWithACachedHash() {
        assertEquals(Value.list(1, 2, 3), new ListValue(new int[] {1, 2, 3}));
        assertEquals(Value.list(1, 2, 3).hashCode(), new ListValue(new int[] {1, 2, 3}).hashCode());
        assertFalse(Value.list(1, 2).equals(Value.list(2, 1)));
        int[] source = {1, 2};
        ListValue value = new ListValue(source);
        source[0] = 9;
        assertEquals(Value.list(1, 2), value);
        assertFalse(Value.of(3).equals(Value.list(3)));
    }

    @Test
    void wrongInputsAreErrorsNotCrashes() throws ProgramSyntaxException {
        rejected("LIST|SORT,0", "inputs", Value.list(1), Value.list(2));
        rejected("LIST|SORT,0", "should be [int]", Value.of(1));
        rejected("LIST|SORT,0", "out of range", Value.list(1000));
    }
}
