package lasso.search.edit;

import lasso.domain.karel.KarelProgram;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelParser;
import lasso.domain.karel.KarelSyntaxMask;
import lasso.domain.karel.KarelVocabulary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edit scripts (models.md C.5), the pointer rules and the inference masks (C.4), on hand-made cases and properties. */
class EditScriptTest {

    private static final int V = 5;
    private static final KarelProgram BASE = parse("DEF run m( WHILE c( frontIsClear c) w( move putMarker w) turnLeft "
            + "IFELSE c( markersPresent c) i( pickMarker i) ELSE e( REPEAT R=3 r( move r) e) m)");

    private static KarelProgram parse(String text) {
        try {
            return KarelParser.parseText(text);
        } catch (lasso.domain.ProgramSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Levenshtein distance by plain recursion over prefixes (memo-free, for short sequences). */
    private static int distance(int[] a, int[] b) {
        int[] previous = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            int[] row = new int[b.length + 1];
            row[0] = i;
            for (int j = 1; j <= b.length; j++) {
                row[j] = Math.min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.min(previous[j], row[j - 1]) + 1);
            }
            previous = row;
        }
        return previous[b.length];
    }

    @Property(tries = 500)
    void applyingTheExtractedScriptGivesTheTargetWithMinimalEdits(
            @ForAll @Size(max = 12) List<@IntRange(max = V - 1) Integer> a,
            @ForAll @Size(max = 12) List<@IntRange(max = V - 1) Integer> b) {
        int[] source = ints(a);
        int[] target = ints(b);
        int[] ops = EditScript.extract(source, target);
        assertArrayEquals(target, EditScript.apply(ops, source));
        long edits = java.util.Arrays.stream(ops).filter(op -> op != EditOps.KEEP).count();
        assertEquals(distance(source, target), edits, "the script is minimal");
        assertArrayEquals(ops, EditScript.extract(source, target), "and deterministic");
        assertArrayEquals(target, EditScript.apply(EditScript.supervision(source, target), source));
    }

    @Test
    void theBacktracePrefersKeepAndReplaceThenDeleteThenInsert() {
        // a b -> b: deleting a and keeping b (not replacing a by b and deleting b)
        assertArrayEquals(new int[] {EditOps.DELETE, EditOps.KEEP}, EditScript.extract(new int[] {0, 1}, new int[] {1}));
        // a -> b: one replacement
        assertArrayEquals(new int[] {EditOps.replace(1)}, EditScript.extract(new int[] {0}, new int[] {1}));
        // a -> b a: the insertion comes before the source token it precedes
        assertArrayEquals(new int[] {EditOps.insert(1), EditOps.KEEP}, EditScript.extract(new int[] {0}, new int[] {1, 0}));
        // nothing -> a b
        assertArrayEquals(new int[] {EditOps.insert(0), EditOps.insert(1)}, EditScript.extract(new int[0], new int[] {0, 1}));
    }

    @Test
    void anEarlyEndDropsTheUnreadTailAndOpsMustNotReadPastTheSource() {
        assertArrayEquals(new int[] {3}, EditScript.apply(new int[] {EditOps.START, EditOps.replace(3), EditOps.END},
                new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> EditScript.apply(new int[] {EditOps.KEEP}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> EditScript.apply(new int[] {EditOps.KEEP, EditOps.KEEP}, new int[] {0}));
    }

    @Test
    void opIdsFollowC4() {
        assertEquals(4 + 2 * 39, EditOps.count(39));
        assertEquals(4, EditOps.insert(0));
        assertEquals(5, EditOps.replace(0));
        assertEquals(81, EditOps.replace(38));
        assertTrue(EditOps.isInsert(80) && !EditOps.isReplace(80));
        assertEquals(38, EditOps.token(81));
        assertEquals("REPLACE move", EditOps.describe(EditOps.replace(KarelVocabulary.FIRST_ACTION), KarelVocabulary.VOCABULARY));
    }

    @Test
    void thePointerMovesOnKeepDeleteAndReplaceAndTheLastTokenIsWhatWasWritten() {
        // source a b c: INSERT x, KEEP, DELETE, KEEP gives x a c
        int[] source = {0, 1, 2};
        int[] ops = {EditOps.START, EditOps.insert(4), EditOps.KEEP, EditOps.DELETE, EditOps.KEEP, EditOps.END};
        assertArrayEquals(new int[] {4, 0, 2}, EditScript.apply(ops, source));
        EditCursor.Steps steps = EditCursor.teacherForcing(source, ops, V);
        assertArrayEquals(new int[] {EditOps.START, EditOps.insert(4), EditOps.KEEP, EditOps.DELETE, EditOps.KEEP}, steps.fed());
        // after <s>: 0; INSERT stays at 0; KEEP -> 1; DELETE -> 2; KEEP -> 3 (the end marker)
        assertArrayEquals(new int[] {0, 0, 1, 2, 3}, steps.pointers());
        // <S>, the inserted x, the kept a, UNK after the delete, the kept c
        assertArrayEquals(new int[] {EditCursor.startToken(V), 4, 0, EditCursor.unknownToken(V), 2}, steps.lastTokens());
        assertArrayEquals(new int[] {EditOps.insert(4), EditOps.KEEP, EditOps.DELETE, EditOps.KEEP, EditOps.END}, steps.targets());
    }

    @Test
    void masksForbidStartAndOnlyEndOrInsertOnceTheSourceIsExhausted() {
        EditMask mask = new EditMask(new int[] {0, 1}, V, null);
        assertFalse(mask.allows(EditOps.START), "<s> is never allowed");
        assertTrue(mask.allows(EditOps.END), "an early </s> is allowed");
        assertTrue(mask.allows(EditOps.KEEP) && mask.allows(EditOps.DELETE) && mask.allows(EditOps.insert(3)));
        assertFalse(mask.allows(EditOps.replace(0)), "replacing a token by itself is a KEEP");
        assertTrue(mask.allows(EditOps.replace(1)));
        mask.accept(EditOps.KEEP);
        mask.accept(EditOps.replace(3));
        assertEquals(2, mask.cursor().pointer());
        assertFalse(mask.allows(EditOps.KEEP) || mask.allows(EditOps.DELETE) || mask.allows(EditOps.replace(2)),
                "the source is exhausted");
        assertTrue(mask.allows(EditOps.END) && mask.allows(EditOps.insert(2)));
        assertTrue(mask.completedBy(EditOps.END));
        mask.accept(EditOps.END);
        assertTrue(mask.complete());
        for (int op = 0; op < EditOps.count(V); op++) {
            assertFalse(mask.allows(op), "nothing after </s>");
        }
        assertThrows(IllegalArgumentException.class, () -> mask.accept(EditOps.KEEP));
    }

    @Test
    void aGrammarMaskOnlyLetsWholeProgramsEnd() {
        int[] source = {KarelVocabulary.DEF, KarelVocabulary.RUN, KarelVocabulary.M_OPEN, KarelVocabulary.FIRST_ACTION,
                KarelVocabulary.M_CLOSE};
        EditMask mask = new EditMask(source, KarelVocabulary.SIZE, new KarelSyntaxMask());
        assertFalse(mask.allows(EditOps.END), "an empty program is not whole");
        assertTrue(mask.allows(EditOps.DELETE), "DELETE writes nothing");
        assertFalse(mask.allows(EditOps.insert(KarelVocabulary.FIRST_ACTION)), "the grammar wants DEF first");
        mask.accept(EditOps.KEEP);
        mask.accept(EditOps.KEEP);
        mask.accept(EditOps.KEEP);
        assertFalse(mask.allows(EditOps.replace(KarelVocabulary.R_OPEN)), "r( cannot follow m(");
        mask.accept(EditOps.replace(KarelVocabulary.FIRST_ACTION + 1));
        assertTrue(mask.allows(EditOps.KEEP), "DEF run m( turnLeft m) is whole");
        assertFalse(mask.allows(EditOps.END), "DEF run m( turnLeft is not");
        mask.accept(EditOps.KEEP);
        assertTrue(mask.allows(EditOps.END));
        assertFalse(mask.allows(EditOps.insert(KarelVocabulary.FIRST_ACTION)), "nothing is written after a whole program");
    }

    /** Decoding random ops under the grammar mask always ends in a program that parses. */
    @Property(tries = 200)
    void randomEditsUnderTheGrammarMaskParse(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        KarelProgram program = new KarelDomain().mutator().mutateChain(BASE, random).orElse(BASE);
        int[] source = program.tokenIds();
        EditMask mask = new EditMask(source, KarelVocabulary.SIZE, new KarelSyntaxMask());
        int[] ops = new int[300];
        int n = 0;
        while (!mask.complete() && n < ops.length) {
            int[] allowed = java.util.stream.IntStream.range(0, EditOps.count(KarelVocabulary.SIZE)).filter(mask::allows).toArray();
            // mostly keep, end when possible, so that sequences finish
            int op = mask.allows(EditOps.END) && random.nextInt(3) > 0 ? EditOps.END
                    : mask.allows(EditOps.KEEP) && random.nextInt(4) > 0 ? EditOps.KEEP
                    : allowed[random.nextInt(allowed.length)];
            mask.accept(op);
            ops[n++] = op;
        }
        if (mask.complete()) {
            int[] written = EditScript.apply(java.util.Arrays.copyOf(ops, n), source);
            KarelParser.parse(written);
        }
    }
}
