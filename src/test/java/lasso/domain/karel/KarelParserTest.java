package lasso.domain.karel;

import lasso.domain.ProgramSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelParserTest {

    @Test
    void vocabularyIsThe39DatasetTokensInTheDocumentedOrder() {
        assertEquals(39, KarelVocabulary.VOCABULARY.size());
        assertEquals(List.of("DEF", "run", "m(", "m)"), KarelVocabulary.VOCABULARY.tokens().subList(0, 4));
        assertEquals("move", KarelVocabulary.token(KarelVocabulary.FIRST_ACTION));
        assertEquals("putMarker", KarelVocabulary.token(KarelVocabulary.FIRST_ACTION + 4));
        assertEquals("frontIsClear", KarelVocabulary.token(KarelVocabulary.FIRST_SENSOR));
        assertEquals("not", KarelVocabulary.token(KarelVocabulary.NOT));
        assertEquals("R=2", KarelVocabulary.token(KarelVocabulary.R_2));
        assertEquals("R=10", KarelVocabulary.token(38));
        for (Action action : Action.values()) {
            assertEquals(action.token(), KarelVocabulary.token(KarelVocabulary.actionToken(action)));
        }
        for (Sensor sensor : Sensor.values()) {
            assertEquals(sensor.token(), KarelVocabulary.token(KarelVocabulary.sensorToken(sensor)));
        }
    }

    @Test
    void parsesEveryConstructIntoTheExpectedTree() throws ProgramSyntaxException {
        KarelProgram program = KarelParser.parseText("DEF run m( REPEAT R=3 r( move r) WHILE c( not c( frontIsClear c) c) "
                + "w( turnLeft w) IF c( markersPresent c) i( pickMarker i) IFELSE c( noMarkersPresent c) i( putMarker i) "
                + "ELSE e( turnRight e) m)");
        assertEquals(KarelProgram.of(
                new Statement.Repeat(3, List.of(Action.MOVE)),
                new Statement.While(Condition.not(Sensor.FRONT_IS_CLEAR), List.of(Action.TURN_LEFT)),
                new Statement.If(Condition.of(Sensor.MARKERS_PRESENT), List.of(Action.PICK_MARKER)),
                new Statement.IfElse(Condition.of(Sensor.NO_MARKERS_PRESENT), List.of(Action.PUT_MARKER),
                        List.of(Action.TURN_RIGHT))), program);
        assertEquals(1, program.depth());
        assertEquals(9, program.statementCount());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                                  | empty program: expected 'DEF'",
        "DEF run m( jump m)                                  | token 3 'jump' (line 1, column 12): unknown token",
        "DEF run m( move                                     | unexpected end of program after token 3: expected a statement",
        "DEF run m( m)                                       | token 3 'm)' (line 1, column 12): expected a statement",
        "DEF run m( REPEAT R=11 r( move r) m)                | token 4 'R=11' (line 1, column 19): unknown token",
        "DEF run m( REPEAT R=1 r( move r) m)                 | token 4 'R=1' (line 1, column 19): unknown token",
        "DEF run m( REPEAT r( move r) m)                     | token 4 'r(' (line 1, column 19): expected a repeat count",
        "DEF run m( REPEAT R=2 r( move w) m)                 | token 7 'w)' (line 1, column 31): expected a statement (move, turnLeft, turnRight, pickMarker, putMarker, REPEAT, WHILE, IF or IFELSE) or 'r)' to close 'r(' at token 5",
        "DEF run m( IF c( frontIsClear c) i( move i) ELSE e( move e) m) | token 10 'ELSE' (line 1, column 45): expected a statement",
        "DEF run m( IFELSE c( frontIsClear c) i( move i) m)  | token 10 'm)' (line 1, column 49): expected 'ELSE' after the ifelse's 'i( … i)'",
        "DEF run m( WHILE c( not c( not c( frontIsClear c) c) c) w( move w) m) | token 7 'not' (line 1, column 28): expected a test",
        "DEF run m( WHILE c( c) w( move w) m)                | token 5 'c)' (line 1, column 21): expected a test",
        "DEF run m( WHILE c( move c) w( move w) m)           | token 5 'move' (line 1, column 21): expected a test",
        "DEF run m( move m) move                             | token 5 'move' (line 1, column 20): expected nothing after the program's closing 'm)' at token 4",
        "run m( move m)                                      | token 0 'run' (line 1, column 1): expected 'DEF'",
        "DEF run move m)                                     | token 2 'move' (line 1, column 9): expected 'm(' after 'DEF run'",
    })
    void syntaxErrorsNameThePlaceAndWhatWasExpected(String text, String message) {
        ProgramSyntaxException error = assertThrows(ProgramSyntaxException.class, () -> KarelParser.parseText(text));
        assertTrue(error.getMessage().startsWith(message), () -> "got: " + error.getMessage());
    }

    @Test
    void tokenInputErrorsNameTheTokenIndexOnly() {
        ProgramSyntaxException error = assertThrows(ProgramSyntaxException.class,
                () -> KarelParser.parse(List.of("DEF", "run", "m(", "move", "r)", "m)")));
        assertTrue(error.getMessage().startsWith("token 4 'r)': expected a statement"), error.getMessage());
        error = assertThrows(ProgramSyntaxException.class, () -> KarelParser.parse(new int[] {0, 1, 2, 99}));
        assertEquals("token 3: id 99 is not in the Karel vocabulary", error.getMessage());
    }

    @Test
    void textMayBeSpreadOverLinesAndColumnsAreReported() throws ProgramSyntaxException {
        assertEquals(KarelProgram.of(Action.MOVE), KarelParser.parseText("DEF run\n  m(\n    move\n  m)\n"));
        ProgramSyntaxException error = assertThrows(ProgramSyntaxException.class,
                () -> KarelParser.parseText("DEF run m(\n  move\n  turnleft\nm)"));
        assertEquals("token 4 'turnleft' (line 3, column 3): unknown token (not in the Karel vocabulary)", error.getMessage());
    }

    @Test
    void nestingBeyondTheLimitIsASyntaxErrorNotAStackOverflow() {
        StringBuilder text = new StringBuilder("DEF run m( ");
        int depth = KarelProgram.MAX_NESTING + 5;
        text.append("REPEAT R=2 r( ".repeat(depth)).append("move ").append("r) ".repeat(depth)).append("m)");
        ProgramSyntaxException error = assertThrows(ProgramSyntaxException.class, () -> KarelParser.parseText(text.toString()));
        assertTrue(error.getMessage().contains("nested deeper than"), error.getMessage());
    }

    @Property(tries = 300)
    void everyProgramPrintsToTokensThatParseBack(@ForAll("programs") KarelProgram program) throws ProgramSyntaxException {
        assertEquals(program, KarelParser.parse(program.tokens()));
        assertEquals(program, KarelParser.parseText(program.pretty()));
    }

    @Property(tries = 500)
    void randomTokenSequencesEitherParseOrGiveASyntaxError(@ForAll("tokenSequences") List<String> tokens) {
        try {
            KarelProgram program = KarelParser.parse(tokens);
            assertEquals(tokens, program.tokens());
        } catch (ProgramSyntaxException e) {
            assertTrue(e.getMessage().startsWith("token ") || e.getMessage().startsWith("unexpected end")
                    || e.getMessage().startsWith("empty program"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<KarelProgram> programs() {
        return Arbitraries.longs().map(seed -> new KarelProgramSampler(5).sample(new Random(seed)));
    }

    /** Mostly-valid programs with one token replaced, inserted or dropped, and pure noise. */
    @Provide
    Arbitrary<List<String>> tokenSequences() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            List<String> tokens = new java.util.ArrayList<>(new KarelProgramSampler(5).sample(random).tokens());
            int position = random.nextInt(tokens.size());
            String token = KarelVocabulary.token(random.nextInt(KarelVocabulary.SIZE));
            switch (random.nextInt(4)) {
                case 0 -> tokens.set(position, token);
                case 1 -> tokens.add(position, token);
                case 2 -> tokens.remove(position);
                default -> {
                    tokens.clear();
                    for (int i = random.nextInt(12); i > 0; i--) {
                        tokens.add(KarelVocabulary.token(random.nextInt(KarelVocabulary.SIZE)));
                    }
                }
            }
            return tokens;
        });
    }
}
