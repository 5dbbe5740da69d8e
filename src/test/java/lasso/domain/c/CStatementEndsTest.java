package lasso.domain.c;

import lasso.domain.TaskGeneration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CStatementEndsTest {

    private static final List<String> FIGURE_5_2 = List.of(("{ int p_0 = 2 ; int l_0 = 3 ; "
            + "for ( p_0 = 1 ; p_0 <= 2 ; p_0 ++ ) { a [ p_0 ] -- ; a [ p_0 ] -- ; } "
            + "if ( a [ 0 ] > 0 ) a [ l_0 ] = a [ l_0 ] + 4 ; else a [ 4 ] ++ ; return a ; }").split(" "));

    @Test
    void statementsEndAtSemicolonsOutsideParenthesesAndAtClosedBlocks() {
        boolean[] ends = CStatementEnds.ends(FIGURE_5_2);
        List<String> ending = new ArrayList<>();
        for (int i = 0; i < ends.length; i++) {
            if (ends[i]) {
                ending.add(i + FIGURE_5_2.get(i));
            }
        }
        // the two declarations, the loop body's two statements, the loop's block, the if's then and
        // else branches (the then branch alone is a whole if), return; not the for header's ';' nor the body's '}'
        assertEquals(List.of("5;", "10;", "30;", "36;", "37}", "58;", "65;", "68;"), ending);
    }

    @Test
    void theCompletedStatementsRunAsTheProgramCutThere() {
        int[] input = {1, 2, 3, 4, 0};
        assertEquals(List.of(1, 2, 3, 4, 0), run(0, input), "nothing read: the identity");
        assertEquals(List.of(1, 2, 3, 4, 0), run(11, input), "the declarations change nothing");
        assertEquals(List.of(1, 1, 2, 4, 0), run(31, input), "the loop cut after its first statement");
        assertEquals(List.of(1, 1, 2, 4, 0), run(36, input), "its second statement has not ended yet");
        assertEquals(List.of(1, 0, 1, 4, 0), run(37, input));
        assertEquals(List.of(1, 0, 1, 8, 0), run(59, input), "the if without its else");
        assertEquals(List.of(1, 0, 1, 8, 0), run(FIGURE_5_2.size(), input));
        assertEquals(List.of(-1, -2, 1, 4, 1), run(FIGURE_5_2.size(), -1, 0, 3, 4, 0), "the else branch");
        assertEquals(DOMAIN.run(parse(FIGURE_5_2), CArray.of(input)),
                DOMAIN.run(CStatementEnds.completed(FIGURE_5_2, FIGURE_5_2.size()), CArray.of(input)));
    }

    private static List<Integer> run(int length, int... input) {
        CArray output = ((lasso.domain.Outcome.Ok<CArray>) DOMAIN.run(CStatementEnds.completed(FIGURE_5_2, length), CArray.of(input))).output();
        return Arrays.stream(output.toArray()).boxed().toList();
    }

    private static CProgram parse(List<String> tokens) {
        try {
            return DOMAIN.parse(tokens);
        } catch (lasso.domain.ProgramSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyPrefixOfEveryGeneratedProgramHasAProgramOfItsCompletedStatements() {
        List<TaskGeneration.Numbered<CProgram, CArray, CArray>> tasks = new ArrayList<>();
        TaskGeneration.generate(DOMAIN.generator(Map.of("min-statements", "2", "max-statements", "8")), 150, 5, 1,
                tasks::add);
        for (var task : tasks) {
            List<String> tokens = task.task().program().tokens();
            boolean[] ends = CStatementEnds.ends(tokens);
            for (int length = 0; length <= tokens.size(); length++) {
                List<String> cut = CStatementEnds.completed(tokens, length).tokens();
                int last = 0;
                for (int i = 0; i < length; i++) {
                    last = ends[i] ? i : last;
                }
                assertEquals(tokens.subList(0, last + 1), cut.subList(0, last + 1), "a prefix of the program");
            }
            assertEquals(tokens, CStatementEnds.completed(tokens, tokens.size()).tokens(), "all of it: the program");
        }
    }

    @Test
    void aReaderCopyReadsOnIndependently() {
        CStatementEnds.Reader reader = new CStatementEnds.Reader();
        for (String token : List.of("{", "for", "(", "p_0", "=", "0")) {
            reader.read(token);
        }
        CStatementEnds.Reader copy = reader.copy();
        assertEquals(false, copy.read(";"), "inside the header");
        reader.read(")");
        assertArrayEquals(new boolean[] {false, true}, new boolean[] {reader.read("a"), reader.read(";")});
        assertThrows(IllegalArgumentException.class, () -> CStatementEnds.completed(List.of("a", ";"), 2));
    }

    @Test
    void aReaderTellsDeclarationsFromOtherStatements() {
        CStatementEnds.Reader reader = new CStatementEnds.Reader();
        List<String> declarations = new ArrayList<>();
        for (int i = 0; i < FIGURE_5_2.size(); i++) {
            if (reader.read(FIGURE_5_2.get(i))) {
                declarations.add(i + (reader.declaration() ? "d" : ""));
            }
        }
        assertEquals(List.of("5d", "10d", "30", "36", "37", "58", "65", "68"), declarations);
    }
}
