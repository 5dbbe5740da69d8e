package lasso.domain.list;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import lasso.domain.Domains;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListSyntaxTest {

    private final ListDomain domain = new ListDomain();

    @Test
    void prefixFormRoundTripsThroughTokensAndBothTexts() throws ProgramSyntaxException {
        String text = "LIST|LIST|COUNT,>0,0|ZIPWITH,+,1,0|ACCESS,2,3";
        ListProgram program = domain.parse(text);
        assertEquals(List.of("LIST", "|", "LIST", "|", "COUNT", ">0", "0", "|", "ZIPWITH", "+", "1", "0", "|",
                "ACCESS", "2", "3"), domain.tokens(program));
        assertEquals(text, domain.print(program));
        assertEquals(program, domain.parse(domain.tokens(program)));
        String ms = ListSyntax.printMs(program);
        assertEquals("a <- [int]\nb <- [int]\nc <- COUNT isPOS a\nd <- ZIPWITH + b a\ne <- ACCESS c d", ms);
        assertEquals(program, domain.parse(ms));
        int[] bits = program.attributeVector();
        int[] expected = new int[34];
        for (int i : new int[] {9, 12, 14, 25, 29}) { // the attribute vector of dkamm's README
            expected[i] = 1;
        }
        assertEquals(List.of(java.util.Arrays.stream(expected).boxed().toArray()), List.of(java.util.Arrays.stream(bits).boxed().toArray()));
    }

    @Test
    void microsoftReadmeProgramParsesWithBarSeparators() throws ProgramSyntaxException {
        ListProgram program = domain.parse("a <- [int] | b <- int | c <- TAKE b a | d <- COUNT isEVEN c | e <- TAKE d a");
        assertEquals("LIST|INT|TAKE,1,0|COUNT,EVEN,2|TAKE,3,0", domain.print(program));
        assertEquals(Value.list(1, 2), domain.run(program, ListInput.of(Value.list(1, 2, 3, 4, 5, 6), Value.of(4))) instanceof
                lasso.domain.Outcome.Ok<Value> ok ? ok.output() : null);
    }

    @Test
    void everyOperatorRoundTripsInBothForms() throws ProgramSyntaxException {
        for (Operator op : Operator.all()) {
            ListProgram program = op.arity() == 1 ? new ListProgram(List.of(Type.LIST), Statement.of(op, 0))
                    : op.arguments().get(0) == Type.INT ? new ListProgram(List.of(Type.LIST, Type.INT), Statement.of(op, 1, 0))
                    : new ListProgram(List.of(Type.LIST, Type.LIST), Statement.of(op, 0, 1));
            assertEquals(program, domain.parse(domain.print(program)), op.name());
            assertEquals(program, domain.parse(ListSyntax.printMs(program)), op.name());
            assertEquals(program, domain.parse(domain.tokens(program)), op.name());
            for (String token : domain.tokens(program)) {
                assertTrue(domain.vocabulary().contains(token), token);
            }
        }
        assertEquals(38, Operator.all().size());
        assertEquals(34, Attribute.values().length);
    }

    @Test
    void syntaxErrorsNameThePosition() {
        assertMessage("LIST|FOO,0", "token 2: unknown function 'FOO'");
        assertMessage("LIST|MAP,>0,0", "token 3: MAP needs a int-to-int lambda, got '>0'");
        assertMessage("LIST|SORT,3", "token 3: variable 3 is not defined");
        assertMessage("LIST|SORT,0|", "column 13: empty part");
        assertMessage(List.of("LIST", "|", "SORT", "0", "|"), "token 4: the program ends with");
        assertMessage("LIST|TAKE,0,0", "needs int as argument 1, but variable 0 is [int]");
        assertMessage("LIST|INT|COUNT,>0,0|ZIPWITH,+,1,0|ACCESS,2,3", "ZIPWITH_ADD) needs [int] as argument 1");
        assertMessage("LIST", "at least one statement");
        assertMessage("", "empty program");
        assertMessage("LIST||SORT,0", "column 6: empty part");
        assertMessage("a <- [int]\nc <- SORT a", "line 2 ('c <- SORT a'): variable 2 must be named 'b'");
        assertMessage("a <- [int]\nb <- MAP FOO a", "line 2 ('b <- MAP FOO a'): MAP needs a lambda, got 'FOO'");
        assertMessage("LIST|LIST|LIST|LIST|SORT,0", "1 to 3 inputs");
    }

    private void assertMessage(List<String> tokens, String expected) {
        ProgramSyntaxException e = assertThrows(ProgramSyntaxException.class, () -> domain.parse(tokens));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
    }

    private void assertMessage(String text, String expected) {
        ProgramSyntaxException e = assertThrows(ProgramSyntaxException.class, () -> domain.parse(text), text);
        assertTrue(e.getMessage().contains(expected), () -> text + ": '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void traceRecordsTheRegistersAfterEveryStatement() throws ProgramSyntaxException {
        ListProgram program = domain.parse("LIST|FILTER,<0,0|MAP,*4,1|SORT,2|REVERSE,3");
        var trace = domain.trace(program, ListInput.of(Value.list(-1, 2, -3)));
        assertTrue(trace.success());
        assertEquals(5, trace.states().size());
        assertEquals(List.of(Value.list(-1, 2, -3), Value.list(-1, -3), Value.list(-4, -12), Value.list(-12, -4),
                Value.list(-4, -12)), trace.states().get(4));
        assertEquals(4, trace.events().size());
        assertEquals("MAP_MUL4", trace.events().get(1).type());
        assertEquals(2, trace.events().get(1).timestep());
        assertEquals(List.of("MAP", "*4", "1"), domain.tokens(program).subList(trace.events().get(1).span().first(),
                trace.events().get(1).span().last() + 1));
        var failed = domain.trace(domain.parse("LIST|HEAD,0|TAKE,1,0"), ListInput.of(Value.list()));
        assertTrue(!failed.success() && !failed.events().get(1).success());
    }

    @Test
    void theDomainIsRegistered() {
        assertSame(ListDomain.class, Domains.named("list").getClass());
    }

    @Test
    void generatedProgramsRoundTrip() throws ProgramSyntaxException {
        ListTaskGenerator generator = ListTaskGenerator.fromOptions(Map.of("length", "4"));
        for (int i = 0; i < 200; i++) {
            ListProgram program = TaskGeneration.one(generator, 7, i).task().program();
            assertEquals(program, domain.parse(domain.print(program)));
            assertEquals(program, domain.parse(ListSyntax.printMs(program)));
        }
    }
}
