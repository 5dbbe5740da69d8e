package lasso.domain.c;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.Vocabulary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.figure5;
import static lasso.domain.c.CTestPrograms.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CTokensTest {

    @Test
    void theVocabularyIsSmallFixedAndWordLevel() {
        Vocabulary vocabulary = DOMAIN.vocabulary();
        assertTrue(vocabulary.size() >= 60 && vocabulary.size() <= 90, "size " + vocabulary.size());
        for (String token : List.of("int", "for", "if", "else", "return", "continue", "break", "a", "{", "}", "(", ")",
                "[", "]", ";", "=", "+=", "-=", "++", "--", "+", "-", "!", "==", "!=", "<", "<=", ">", ">=", "&&", "||",
                "0", "4", "9", "l_0", "l_15", "p_0", "p_15")) {
            assertTrue(vocabulary.contains(token), token);
        }
        assertEquals(vocabulary.tokens(), new CDomain().vocabulary().tokens(), "ids are stable");
    }

    @Test
    void variablesAreRenamedInOrderOfFirstAppearance() throws ProgramSyntaxException {
        assertEquals(List.of("{", "int", "p_0", "=", "0", ";", "int", "l_0", "=", "4", ";", "a", "[", "p_0", "]", "=", "1",
                ";", "--", "a", "[", "l_0", "]", ";", "return", "a", ";", "}"), DOMAIN.tokens(parse(figure5(1))));
        List<String> tokens = DOMAIN.tokenize(figure5(3));
        assertTrue(tokens.containsAll(List.of("l_0", "l_1", "p_0", "p_1")) && !tokens.contains("l_7"), tokens.toString());
        assertEquals(List.of("{", "int", "p_0", "=", "0", ";", "int", "p_1", "=", "p_0", ";", "return", "a", ";", "}"),
                DOMAIN.tokenize("{ int p_7 = 0; int p_2 = p_7; return a; }"));
    }

    @Test
    void numbersAreDigitsAndNegativeLiteralsAMinusThenDigits() throws ProgramSyntaxException {
        assertEquals(List.of("{", "a", "[", "0", "]", "=", "-", "3", "-", "1", "2", "0", ";", "return", "a", ";", "}"),
                DOMAIN.tokenize("{ a[0] = -3 - 120; return a; }"));
        CProgram program = parse("{ a[0] = -3 - 120; return a; }");
        assertEquals(DOMAIN.tokenize(DOMAIN.print(program)), DOMAIN.tokens(program));
        assertEquals("{ a [ 0 ] = - - 3 ; return a ; }", String.join(" ", DOMAIN.tokens(parse("{ a[0] = - -3; return a; }"))));
    }

    @Test
    void tokenizingRejectsWhatIsNotRestrictedC() {
        assertThrows(ProgramSyntaxException.class, () -> DOMAIN.tokenize("{ a[0] = 1 * 2; return a; }"));
        assertThrows(ProgramSyntaxException.class, () -> DOMAIN.tokenize("int * func_2(int a[]) { return a; }"));
        ProgramSyntaxException e = assertThrows(ProgramSyntaxException.class, () -> DOMAIN.tokenize("{\n  a[0] = y;\n}"));
        assertTrue(e.getMessage().startsWith("line 2, column 10: unknown name 'y'"), e.getMessage());
    }

    /** Programs from the LaSynth distribution, the whole language, and their mutants. */
    private static CProgram randomProgram(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean wild = random.nextBoolean();
        CProgram program = new CProgramSampler(wild ? CProgramSampler.Settings.WILD : CProgramSampler.Settings.LASYNTH)
                .sample(random, random.nextBoolean());
        return random.nextInt(3) == 0 ? new CMutator().mutateChain(program, random).orElse(program) : program;
    }

    @Property(tries = 400)
    void tokensRoundTripExactly(@ForAll long seed) throws ProgramSyntaxException {
        CProgram program = randomProgram(seed);
        List<String> tokens = DOMAIN.tokens(program);
        CProgram parsed = DOMAIN.parse(tokens);
        assertEquals(program, parsed);
        assertEquals(tokens, DOMAIN.tokens(parsed));
        for (String token : tokens) {
            assertTrue(DOMAIN.vocabulary().contains(token), () -> "'" + token + "' is not in the vocabulary");
        }
    }

    @Property(tries = 400)
    void printedTextRoundTripsAndTokenizesToTheTokens(@ForAll long seed) throws ProgramSyntaxException {
        CProgram program = randomProgram(seed);
        String text = DOMAIN.print(program);
        CProgram reparsed = DOMAIN.parse(text);
        assertEquals(program, reparsed);
        assertEquals(text, DOMAIN.print(reparsed), "the printer keeps the names as written");
        assertEquals(DOMAIN.tokens(program), DOMAIN.tokenize(text));
        // Renaming never changes what a program does.
        CProgram canonical = DOMAIN.parse(DOMAIN.tokens(program));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 3; i++) {
            CArray input = CArray.of(random.ints(5, -4, 5).toArray());
            assertEquals(DOMAIN.run(program, input), DOMAIN.run(canonical, input));
        }
    }

    @Property(tries = 200)
    void tokenPrefixesOfValidProgramsNeverParse(@ForAll long seed) {
        // A decoder stops at </s>: a cut-off program must be a syntax error, never a different program.
        CProgram program = randomProgram(seed);
        List<String> tokens = DOMAIN.tokens(program);
        int cut = (int) Math.floorMod(seed, tokens.size() - 1) + 1;
        assertThrows(ProgramSyntaxException.class, () -> DOMAIN.parse(tokens.subList(0, cut)));
    }
}
