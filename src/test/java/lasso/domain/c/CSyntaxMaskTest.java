package lasso.domain.c;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CSyntaxMaskTest {

    private static final CDomain DOMAIN = new CDomain();

    private static int id(String token) {
        return CTokens.VOCABULARY.id(token);
    }

    private static CSyntaxMask after(String tokens) {
        CSyntaxMask mask = new CSyntaxMask();
        for (String token : tokens.split(" ")) {
            mask.accept(id(token));
        }
        return mask;
    }

    private static List<String> allowed(CSyntaxMask mask) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CTokens.VOCABULARY.size(); i++) {
            if (mask.allows(i)) {
                tokens.add(CTokens.VOCABULARY.token(i));
            }
        }
        return tokens;
    }

    @Test
    void acceptsEveryTokenOfGeneratedProgramsAndMutantsAndCompletesAtTheirEnd() {
        TaskGenerator<CProgram, CArray, CArray> generator = DOMAIN.generator(Map.of());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 600; i++) {
            CProgram program = TaskGeneration.one(generator, 11, i).task().program();
            check(program.tokens());
            DOMAIN.mutator().mutate(program, random).ifPresent(mutant -> check(mutant.tokens()));
        }
        for (int n = 1; n <= 3; n++) {
            check(CTestPrograms.parse(CTestPrograms.figure5(n)).tokens());
        }
    }

    private static void check(List<String> tokens) {
        CSyntaxMask mask = new CSyntaxMask();
        for (int i = 0; i < tokens.size(); i++) {
            assertFalse(mask.complete());
            int token = id(tokens.get(i));
            if (!mask.allows(token)) {
                fail("token " + i + " '" + tokens.get(i) + "' refused in " + String.join(" ", tokens)
                        + "; allowed: " + allowed(mask));
            }
            mask.accept(token);
        }
        assertTrue(mask.complete(), String.join(" ", tokens));
        assertEquals(tokens.size(), mask.length());
        assertTrue(allowed(mask).isEmpty());
    }

    @Test
    void everyCompletedRandomWalkParsesAndIsAlreadyCanonical() throws ProgramSyntaxException {
        SplittableRandom random = new SplittableRandom(7);
        Set<String> closers = Set.of(";", ")", "]", "}", "return", "a", "0", "1", "2");
        int completed = 0;
        for (int walk = 0; walk < 1500; walk++) {
            CSyntaxMask mask = new CSyntaxMask();
            List<String> tokens = new ArrayList<>();
            while (!mask.complete() && tokens.size() < 400) {
                List<String> options = allowed(mask);
                assertFalse(options.isEmpty(), "dead end after " + tokens);
                for (String option : options) {
                    CSyntaxMask next = mask.copy();
                    next.accept(id(option));
                    assertEquals(next.complete(), mask.completedBy(id(option)), option + " after " + tokens);
                }
                List<String> closing = options.stream().filter(closers::contains).toList();
                boolean close = !closing.isEmpty() && random.nextDouble() < Math.min(0.95, tokens.size() / 40.0);
                List<String> from = close ? closing : options;
                String token = from.get(random.nextInt(from.size()));
                tokens.add(token);
                mask.accept(id(token));
                if (walk % 10 == 0) {
                    mask = mask.copy(); // copies carry on exactly
                }
            }
            if (mask.complete()) {
                completed++;
                CProgram program = DOMAIN.parse(tokens);
                assertEquals(tokens, program.tokens(), "the decoded tokens are the canonical ones");
            }
        }
        assertTrue(completed > 1250, "most walks end: " + completed);
    }

    @Test
    void bodyEndsOnlyAfterATopLevelReturn() {
        assertEquals(List.of("{"), allowed(new CSyntaxMask()));
        assertFalse(after("{").allows(id("}")));
        assertTrue(after("{ return a ;").allows(id("}")));
        assertFalse(after("{ return a ; a [ 0 ] ++ ;").allows(id("}")));
        assertFalse(after("{ int l_0 = 0 ; if ( l_0 ) return a ;").allows(id("}")), "a return inside an if is not last");
        assertTrue(after("{ int l_0 = 0 ; if ( l_0 ) return a ;").allows(id("else")));
    }

    @Test
    void namesAreDeclaredBeforeUseOncePerBlockCanonicallyAndNotInTheirOwnInitialiser() {
        CSyntaxMask start = after("{");
        assertFalse(start.allows(id("l_0")), "nothing is declared yet");
        CSyntaxMask declaring = after("{ int");
        assertEquals(List.of("l_0", "p_0"), allowed(declaring));
        CSyntaxMask initialiser = after("{ int l_0 =");
        assertFalse(initialiser.allows(id("l_0")));
        CSyntaxMask next = after("{ int l_0 = 1 ; int");
        assertEquals(List.of("l_1", "p_0"), allowed(next), "no second l_0 in the same block, new names in order");
        CSyntaxMask inner = after("{ int l_0 = 1 ; { int");
        assertEquals(List.of("l_0", "l_1", "p_0"), allowed(inner), "an inner block may shadow l_0");
        CSyntaxMask shadowInit = after("{ int l_0 = 1 ; { int l_0 =");
        assertFalse(shadowInit.allows(id("l_0")), "C: the new l_0 is in scope in its own initialiser");
        CSyntaxMask afterBlock = after("{ { int l_0 = 1 ; }");
        assertFalse(afterBlock.allows(id("l_0")), "l_0 ended with its block");
        CSyntaxMask afterFor = after("{ for ( int p_0 = 0 ; p_0 < 2 ; p_0 ++ ) a [ p_0 ] ++ ;");
        assertFalse(afterFor.allows(id("p_0")), "the loop's p_0 ended with the loop");
        assertTrue(afterFor.allows(id("return")));
    }

    @Test
    void statementStructure() {
        assertFalse(after("{ int l_0 = 0 ; if ( l_0 )").allows(id("int")), "a declaration cannot be an if's body");
        assertFalse(after("{").allows(id("break")), "break only in a loop");
        CSyntaxMask loop = after("{ for ( int p_0 = 0 ; p_0 < 2 ; p_0 ++ )");
        assertTrue(loop.allows(id("break")) && loop.allows(id("continue")));
        CSyntaxMask afterLoop = after("{ for ( int p_0 = 0 ; p_0 < 2 ; p_0 ++ ) if ( p_0 ) break ;");
        assertTrue(afterLoop.allows(id("else")));
        assertFalse(afterLoop.allows(id("break")), "the loop may have ended");
        assertFalse(after("{ a [").allows(id(";")));
        assertFalse(after("{ a [ 0 ] = 0").allows(id("0")), "no leading zero");
        assertTrue(after("{ a [ 0 ] = 1").allows(id("2")));
        assertFalse(after("{ a [ 0 ] = 1").allows(id("(")));
        assertThrows(IllegalArgumentException.class, () -> after("{ a [ 0 ] ++ ++"));
        assertThrows(IllegalArgumentException.class, () -> after("{ a ="), "the list only as a[index]");
    }
}
