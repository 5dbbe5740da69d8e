package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.ProgramSyntaxException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KarelSyntaxMaskTest {

    private static long bits(String... tokens) {
        long mask = 0;
        for (String token : tokens) {
            mask |= 1L << KarelVocabulary.VOCABULARY.id(token);
        }
        return mask;
    }

    @Test
    void allowsExactlyWhatTheGrammarAllows() {
        KarelSyntaxMask mask = new KarelSyntaxMask();
        assertEquals(bits("DEF"), mask.allowed());
        for (String token : new String[] {"DEF", "run", "m("}) {
            mask.accept(KarelVocabulary.VOCABULARY.id(token));
        }
        long statements = bits("move", "turnLeft", "turnRight", "pickMarker", "putMarker", "REPEAT", "WHILE", "IF", "IFELSE");
        assertEquals(statements, mask.allowed(), "a block must not be empty");
        mask.accept(KarelVocabulary.VOCABULARY.id("IF"));
        mask.accept(KarelVocabulary.C_OPEN);
        assertEquals(bits("frontIsClear", "leftIsClear", "rightIsClear", "markersPresent", "noMarkersPresent", "not"), mask.allowed());
        mask.accept(KarelVocabulary.NOT);
        mask.accept(KarelVocabulary.C_OPEN);
        assertEquals(bits("frontIsClear", "leftIsClear", "rightIsClear", "markersPresent", "noMarkersPresent"), mask.allowed(),
                "no double negation");
        assertThrows(IllegalArgumentException.class, () -> mask.accept(KarelVocabulary.NOT));
        for (String token : new String[] {"leftIsClear", "c)", "c)", "i(", "move"}) {
            mask.accept(KarelVocabulary.VOCABULARY.id(token));
        }
        assertEquals(statements | bits("i)"), mask.allowed());
        mask.accept(KarelVocabulary.I_CLOSE);
        assertEquals(statements | bits("m)"), mask.allowed(), "IF takes no ELSE");
        mask.accept(KarelVocabulary.M_CLOSE);
        assertTrue(mask.complete());
        assertEquals(0, mask.allowed());
        assertEquals(14, mask.length());
    }

    @Test
    void acceptsEveryRealProgramToTheEnd() throws ProgramSyntaxException {
        for (JsonNode record : RealKarelData.records(RealKarelData.PROGRAMS)) {
            int[] ids = KarelParser.parse(RealKarelData.strings(record.get("program_tokens"))).tokenIds();
            KarelSyntaxMask mask = new KarelSyntaxMask();
            for (int id : ids) {
                assertFalse(mask.complete());
                mask.accept(id);
            }
            assertTrue(mask.complete());
        }
    }

    /** Decoding by the mask alone (uniform over allowed tokens) only ever builds programs that parse. */
    @Property(tries = 300)
    void randomDecodingUnderTheMaskGivesProgramsThatParse(@ForAll long seed) throws ProgramSyntaxException {
        Random random = new Random(seed);
        KarelSyntaxMask mask = new KarelSyntaxMask();
        int[] ids = new int[400];
        int n = 0;
        while (!mask.complete() && n < ids.length) {
            long allowed = mask.allowed();
            // Prefer closing brackets and actions as the sequence grows, so that it ends.
            long closing = allowed & (bits("m)", "r)", "w)", "i)", "e)", "move", "turnLeft", "turnRight", "pickMarker", "putMarker")
                    | bits("frontIsClear", "leftIsClear", "rightIsClear", "markersPresent", "noMarkersPresent"));
            long pool = n > 20 && closing != 0 && random.nextInt(4) > 0 ? closing : allowed;
            int token = nth(pool, random.nextInt(Long.bitCount(pool)));
            for (int option = 0; option < KarelVocabulary.SIZE; option++) {
                if (mask.allows(option)) {
                    KarelSyntaxMask next = mask.copy();
                    next.accept(option);
                    assertEquals(next.complete(), mask.completedBy(option), "completedBy agrees with accept");
                }
            }
            mask.accept(token);
            ids[n++] = token;
        }
        if (mask.complete()) {
            KarelProgram program = KarelParser.parse(java.util.Arrays.copyOf(ids, n));
            assertEquals(n, program.size());
        }
    }

    /** The mask and the parser agree on every prefix of mutated programs. */
    @Property(tries = 300)
    void agreesWithTheParser(@ForAll long seed) {
        Random random = new Random(seed);
        int[] ids = new KarelProgramSampler(5).sample(random).tokenIds();
        ids[random.nextInt(ids.length)] = random.nextInt(KarelVocabulary.SIZE);
        KarelSyntaxMask mask = new KarelSyntaxMask();
        boolean maskAccepts = true;
        for (int id : ids) {
            if (!mask.allows(id)) {
                maskAccepts = false;
                break;
            }
            mask.accept(id);
        }
        maskAccepts &= mask.complete();
        boolean parses;
        try {
            KarelParser.parse(ids);
            parses = true;
        } catch (ProgramSyntaxException e) {
            parses = false;
        }
        assertEquals(parses, maskAccepts);
    }

    private static int nth(long bits, int n) {
        for (int id = 0; id < 64; id++) {
            if ((bits & 1L << id) != 0 && n-- == 0) {
                return id;
            }
        }
        throw new IllegalStateException();
    }
}
