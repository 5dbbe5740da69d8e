package lasso.domain.c;

import lasso.domain.Outcome;
import org.junit.jupiter.api.Test;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.output;
import static lasso.domain.c.CTestPrograms.parse;
import static lasso.domain.c.CTestPrograms.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C's semantics for the subset, case by case (the gcc cross-check checks them wholesale). */
class CSemanticsTest {

    private static final int MAX = Integer.MAX_VALUE;
    private static final int MIN = Integer.MIN_VALUE;

    @Test
    void precedenceAndAssociativityAreCs() {
        assertEquals(CArray.of(-4, -2, 1, 0, 1), output("""
                { a[0] = 1 - 2 - 3; a[1] = 1 - (2 - 3) + -4; a[2] = 1 < 2 == 1; a[3] = 3 > 2 > 1;
                  a[4] = 1 || 0 && 0; return a; }""", 0, 0, 0, 0, 0));
        assertEquals(CArray.of(0, 1, 2, 3, 4), output("""
                { a[0] = (1 || 0) && 0; a[1] = 2 == 2 != 0; a[2] = !a[0] + 1; a[3] = - -3; a[4] = +4 - -0;
                  return a; }""", 9, 9, 9, 9, 9));
        assertEquals(CArray.of(1, 0, 1, 1, 0), output("""
                { a[0] = 2 < 3 == 3 < 4; a[1] = 1 + 1 < 2; a[2] = -1 < 0; a[3] = !0 == 1; a[4] = !(1 - 1) - 1;
                  return a; }""", 9, 9, 9, 9, 9));
    }

    @Test
    void arithmeticWrapsAroundIn32Bits() {
        assertEquals(CArray.of(MIN, MAX, MIN, 0, -2), output("""
                { int l_0 = 1;
                  for (int p_0 = 0; p_0 < 31; p_0++)
                      l_0 = l_0 + l_0;
                  a[0] = l_0; a[1] = l_0 - 1; a[2] = -l_0; a[3] = l_0 + l_0; a[4] = 2147483647 + 2147483647 + 1;
                  a[4] -= 1; return a; }""", 0, 0, 0, 0, 0));
        assertEquals(CArray.of(MIN, MAX, MAX, MIN, 0), output("{ a[0]++; a[1]--; --a[2]; a[3] += 1; return a; }",
                MAX, MIN, MIN, MAX, 0));
    }

    @Test
    void logicShortCircuits() {
        // a[5] and a[-3] would be errors, but they are never evaluated.
        assertEquals(CArray.of(0, 1, 0, 1, 7), output("""
                { int p_0 = 5;
                  if (p_0 < 5 && a[p_0] > 0) a[0] = 1;
                  if (p_0 >= 5 || a[p_0] > 0) a[1] = 1;
                  a[2] = p_0 < 5 && a[p_0];
                  a[3] = p_0 > 4 || a[-3];
                  if (!(p_0 == 5 || a[9])) a[4] = 0; else a[4] = 7;
                  return a; }""", 0, 0, 0, 0, 0));
        assertEquals(Outcome.FailureKind.ERROR,
                ((Outcome.Failure<CArray>) run("{ int p_0 = 5; if (p_0 > 4 && a[p_0]) a[0] = 1; return a; }",
                        0, 0, 0, 0, 0)).kind());
    }

    @Test
    void anyIntIsAConditionWithCsTruthiness() {
        assertEquals(CArray.of(7, -1, 0, 0, 0), output("""
                { for (int p_0 = 0; p_0 <= 4; p_0++)
                      if (!a[p_0]) a[p_0] = 7; else if (a[p_0] - 2) a[p_0] = !!a[p_0] - 2; else a[p_0] = 0;
                  return a; }""", 0, -5, 2, 2, 2));
    }

    @Test
    void blocksScopeAndShadowAsInC99() {
        // The body of a for that declares p_0 may declare its own p_0; blocks shadow, and the outer
        // variable comes back after them.
        assertEquals(CArray.of(4, 3, 6, 5, 4), output("""
                { int p_0 = 0;
                  int l_3 = 1;
                  for (int p_0 = 1; p_0 <= 2; p_0++) { int p_0 = 3; a[p_0] += l_3; l_3++; }
                  { a[1] = p_0 + l_3; int l_3 = 4; a[2] = l_3; { int l_3 = 2; a[l_3] += l_3; } a[4] = l_3; }
                  a[0] = l_3 + p_0 + 1;
                  return a; }""", 0, 0, 0, 2, 0));
    }

    @Test
    void declarationsInALoopStartAgainEachIteration() {
        assertEquals(CArray.of(1, 3, 5, 7, 9), output("""
                { for (int p_0 = 0; p_0 <= 4; p_0++) { int l_0 = a[p_0]; int l_1 = l_0 + 1; l_0 += l_1; a[p_0] = l_0; }
                  return a; }""", 0, 1, 2, 3, 4));
    }

    @Test
    void forLoopsRunTheUpdateAfterContinueAndStopAtBreak() {
        // continue skips to the update; break leaves the innermost loop; the counter keeps its value.
        assertEquals(CArray.of(3, 2, -1, 4, 1), output("""
                { int p_0 = 0;
                  for (p_0 = 0; p_0 <= 4; p_0++)
                  {
                      if (a[p_0] < 0)
                          continue;
                      if (a[p_0] > 3)
                          break;
                      a[p_0] = a[p_0] + 1;
                  }
                  a[0] = p_0;
                  return a; }""", 0, 1, -1, 4, 1));
        assertEquals(CArray.of(10, 0, 0, 0, 0), output("""
                { for (int p_0 = 0; p_0 < 5; p_0++)
                      for (int p_1 = 0; p_1 < 5; p_1++)
                      {
                          if (p_1 > p_0) break;
                          if (p_1 == 0) continue;
                          a[0]++;
                      }
                  return a; }""", 0, 0, 0, 0, 0));
        assertEquals(CArray.of(0, 0, 0, 0, 9), output("""
                { int p_0 = 9;
                  for (p_0 = 4; p_0 > 0; --p_0) a[p_0 - 1] = a[p_0];
                  a[4] = p_0 + 9;
                  return a; }""", 1, 2, 3, 4, 0));
    }

    @Test
    void returnEndsTheRunAnywhere() {
        assertEquals(CArray.of(2, 3, 0, 4, 5), output("""
                { for (int p_0 = 0; p_0 <= 4; p_0++) { if (a[p_0] == 0) return a; a[p_0] = a[p_0] + 1; }
                  a[0] = 9; return a; }""", 1, 2, 0, 4, 5));
    }

    @Test
    void anIndexOutsideTheListIsAnErrorForThatExample() {
        String program = "{ a[a[0]] = 7; return a; }";
        assertEquals(CArray.of(7, 0, 0, 0, 0), output(program, 0, 0, 0, 0, 0));
        assertEquals(CArray.of(4, 0, 0, 0, 7), output(program, 4, 0, 0, 0, 0));
        for (int bad : new int[] {-1, 5, MAX, MIN}) {
            Outcome<CArray> outcome = run(program, bad, 0, 0, 0, 0);
            Outcome.Failure<CArray> failure = assertInstanceOf(Outcome.Failure.class, outcome);
            assertEquals(Outcome.FailureKind.ERROR, failure.kind());
            assertTrue(failure.reason().contains("index " + bad), failure.reason());
        }
        for (String read : new String[] {"{ a[0] = a[5]; return a; }", "{ int p_0 = 0; a[p_0 - 1]--; return a; }",
                "{ for (int p_0 = 0; p_0 <= 5; p_0++) a[p_0] = 0; return a; }", "{ if (a[7]) a[0] = 1; return a; }",
                "{ a[2 + 3] += 1; return a; }", "{ int l_0 = -1; ++a[l_0]; return a; }"}) {
            assertEquals(Outcome.FailureKind.ERROR, ((Outcome.Failure<CArray>) run(read, 1, 2, 3, 4, 5)).kind(), read);
        }
    }

    @Test
    void theStepLimitIsExactly10000Steps() {
        // Steps: the declaration, the for's init, 3333 conditions, 3332 bodies, 3332 updates, the return.
        String exactly = "{ int l_0 = 0; for (int p_0 = 0; p_0 < 3332; p_0++) l_0++; return a; }";
        assertTrue(run(exactly, 0, 0, 0, 0, 0).isOk());
        assertEquals(CInterpreter.STEP_LIMIT, DOMAIN.trace(parse(exactly), CArray.of(0, 0, 0, 0, 0)).events().size());
        // One more declaration: 10,001 steps.
        String oneMore = "{ int l_0 = 0; int l_1 = 0; for (int p_0 = 0; p_0 < 3332; p_0++) l_0++; return a; }";
        Outcome.Failure<CArray> timeout = assertInstanceOf(Outcome.Failure.class, run(oneMore, 0, 0, 0, 0, 0));
        assertEquals(Outcome.FailureKind.TIMEOUT, timeout.kind());
        assertEquals("more than 10000 steps", timeout.reason());
        // 9,998 steps, with the count in the output.
        assertEquals(CArray.of(3331, 0, 0, 0, 0),
                output("{ int l_0 = 0; for (int p_0 = 0; p_0 < 3331; p_0++) l_0++; a[0] = l_0; return a; }", 0, 0, 0, 0, 0));
        Outcome.Failure<CArray> forever = assertInstanceOf(Outcome.Failure.class,
                run("{ for (int p_0 = 0; p_0 <= 4; p_0++) p_0--; return a; }", 0, 0, 0, 0, 0));
        assertEquals(Outcome.FailureKind.TIMEOUT, forever.kind());
    }

    @Test
    void aLoopThatOnlyTestsItsConditionStillCountsSteps() {
        // Empty body: each iteration is a condition and an update, so wrap-around is never reached.
        Outcome<CArray> outcome = run("{ for (int p_0 = 0; p_0 >= 0; p_0++) { } return a; }", 0, 0, 0, 0, 0);
        assertEquals(Outcome.FailureKind.TIMEOUT, ((Outcome.Failure<CArray>) outcome).kind());
    }
}
