package lasso.domain.c;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.figure5;
import static lasso.domain.c.CTestPrograms.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CMutatorTest {

    private static final CMutator MUTATOR = (CMutator) DOMAIN.mutator();

    /** Every construct a mutation can touch: loops (declaring and not), if/else, continue, break, all statement kinds. */
    private static final CProgram RICH = parse("""
            int * func_1(int a[])
            {
                int p_0 = 0;
                int l_7 = 3;
                int l_8 = 1;
                a[l_8] = (a[l_7] - a[p_0]);
                for (p_0 = 3; p_0 <= 4; p_0++)
                {
                    for (int p_1 = 1; p_1 <= 2; p_1++)
                    {
                        if (a[p_1] > 2 && a[p_0] != -1)
                            continue;
                        a[p_1] = a[p_1] + a[p_0];
                        a[p_1] += 2;
                    }
                    if (a[p_0] < 0)
                        break;
                    else
                        --a[l_7];
                }
                l_8++;
                return a;
            }""");

    private static long count(CProgram program, String token) {
        return program.tokens().stream().filter(token::equals).count();
    }

    @Test
    void everyOperatorAppliesAndEachDoesWhatItsNameSays() {
        SplittableRandom random = new SplittableRandom(1);
        for (String operator : MUTATOR.operators()) {
            for (int i = 0; i < 40; i++) {
                Optional<CProgram> mutant = MUTATOR.mutate(RICH, operator, random);
                assertTrue(mutant.isPresent(), operator + " found no mutant");
                CProgram m = mutant.get();
                assertNotEquals(RICH, m, operator);
                List<String> before = RICH.tokens();
                List<String> after = m.tokens();
                switch (operator) {
                    case "constant", "operator", "variable", "index", "comparison", "loop-bound" ->
                            assertTrue(Math.abs(after.size() - before.size()) <= 4, operator + ": a local change\n" + m);
                    case "insert" -> assertTrue(after.size() > before.size(), operator);
                    case "delete" -> assertTrue(after.size() < before.size(), operator);
                    case "swap" -> assertEquals(sorted(before), sorted(after), operator);
                    case "wrap-if" -> assertEquals(count(RICH, "if") + 1, count(m, "if"), operator);
                    case "wrap-for" -> assertEquals(count(RICH, "for") + 1, count(m, "for"), operator);
                    case "unwrap" -> assertEquals(count(RICH, "if") + count(RICH, "for") - 1, count(m, "if") + count(m, "for"),
                            operator + "\n" + m);
                    default -> throw new AssertionError(operator);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MUTATOR.mutate(RICH, "rename", random));
    }

    private static List<String> sorted(List<String> tokens) {
        List<String> sorted = new java.util.ArrayList<>(tokens);
        Collections.sort(sorted);
        return sorted;
    }

    @Test
    void operatorsThatCannotApplySayNone() {
        CProgram straight = parse("{ a[0] = 1; return a; }");
        SplittableRandom random = new SplittableRandom(2);
        assertTrue(MUTATOR.mutate(straight, "loop-bound", random).isEmpty());
        assertTrue(MUTATOR.mutate(straight, "comparison", random).isEmpty());
        assertTrue(MUTATOR.mutate(straight, "unwrap", random).isEmpty());
        assertTrue(MUTATOR.mutate(straight, "swap", random).isEmpty());
    }

    @Property(tries = 300)
    void mutantsAreValidProgramsThatParseBackAndRun(@ForAll long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        CProgram program = random.nextInt(4) == 0 ? RICH : new CProgramSampler(random.nextBoolean()
                ? CProgramSampler.Settings.LASYNTH : CProgramSampler.Settings.WILD).sample(random, random.nextBoolean());
        Optional<CProgram> mutant = MUTATOR.mutate(program, random);
        assertTrue(mutant.isPresent());
        CProgram m = mutant.get();
        assertNotEquals(program, m);
        // The checks of a parse are those of gcc for the subset: declared names in scope, break in loops, …
        assertEquals(m, DOMAIN.parse(DOMAIN.print(m)));
        assertEquals(m, DOMAIN.parse(DOMAIN.tokens(m)));
        DOMAIN.run(m, CArray.of(random.ints(5, -4, 5).toArray()));
    }

    @Property(tries = 200)
    void chainsGiveProgramsNotSeenBefore(@ForAll long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        CProgram program = new CProgramSampler(CProgramSampler.Settings.LASYNTH).sample(random, random.nextBoolean());
        Optional<CProgram> mutant = MUTATOR.mutateChain(program, random);
        assertTrue(mutant.isPresent());
        assertNotEquals(program, mutant.get());
        assertEquals(mutant.get(), DOMAIN.parse(DOMAIN.print(mutant.get())));
    }

    @Test
    void chainsVaryInHowMuchTheyChange() {
        // Chains of 1 to 3 mutations of different kinds: the size of the change varies.
        Map<Integer, Integer> distances = new HashMap<>();
        SplittableRandom random = new SplittableRandom(4);
        CProgram program = parse(figure5(3));
        for (int i = 0; i < 300; i++) {
            CProgram mutant = MUTATOR.mutateChain(program, random).orElseThrow();
            int distance = Math.abs(mutant.tokens().size() - program.tokens().size());
            distances.merge(Math.min(distance, 30), 1, Integer::sum);
        }
        assertTrue(distances.size() > 3, "chains vary in how much they change: " + distances);
    }
}
