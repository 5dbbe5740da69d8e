package lasso.domain.c;

import lasso.domain.ProgramSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.figure5;
import static lasso.domain.c.CTestPrograms.output;
import static lasso.domain.c.CTestPrograms.parse;
import static lasso.domain.c.CTestPrograms.syntaxError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CParserTest {

    @Test
    void figure5ProgramsParseAndPrintAsThePaperDoes() {
        for (int n = 1; n <= 3; n++) {
            CProgram program = parse(figure5(n));
            assertEquals(figure5(n).strip(), DOMAIN.print(program), "figure 5, program " + n);
            assertEquals(program, parse(DOMAIN.print(program)));
        }
    }

    @Test
    void figure5ProgramsRun() {
        // Worked by hand from the C semantics.
        assertEquals(CArray.of(1, -3, 0, 2, 3), output(figure5(1), 1, -3, 0, 2, 4));
        assertEquals(CArray.of(1, 0, 0, 0, -1), output(figure5(1), 0, 0, 0, 0, 0));
        assertEquals(CArray.of(1, -4, -1, 6, 4), output(figure5(2), 1, -3, 0, 2, 4));
        assertEquals(CArray.of(0, -1, 3, 1, -4), output(figure5(2), 0, 0, 4, -3, -4));
        // a[1] = a[3] - a[0] = 1; then for p_0 = 3, 4: a[1], a[2] += a[p_0] + 2.
        assertEquals(CArray.of(1, 11, 10, 2, 4), output(figure5(3), 1, -3, 0, 2, 4));
        assertEquals(CArray.of(0, 7, 6, 1, 1), output(figure5(3), 0, 0, 0, 1, 1));
    }

    @Test
    void theHeaderIsOptionalAndSpacingAndCommentsAreFree() {
        CProgram withHeader = parse("int * func_1(int a[])\n{\n    a[0] = 1;\n    return a;\n}");
        assertEquals(withHeader, parse("{ a[0] = 1; return a; }"));
        assertEquals(withHeader, parse("int *func_1( int a [ ] ) /* the list */ {a[0]=1; // one\nreturn a;}"));
    }

    @Test
    void bracesAndParenthesesAreKept() {
        CProgram braced = parse("{ for (int p_0 = 0; p_0 < 2; p_0++) { a[p_0]++; } return a; }");
        CProgram bare = parse("{ for (int p_0 = 0; p_0 < 2; p_0++) a[p_0]++; return a; }");
        assertTrue(!braced.equals(bare));
        assertEquals(DOMAIN.run(braced, CArray.of(1, 2, 3, 4, 5)), DOMAIN.run(bare, CArray.of(1, 2, 3, 4, 5)));
        CProgram parenthesised = parse("{ a[0] = (a[1] - a[2]); return a; }");
        assertTrue(DOMAIN.print(parenthesised).contains("a[0] = (a[1] - a[2]);"));
    }

    @Test
    void programsEqualUpToAConsistentRenamingOfVariables() {
        CProgram csmith = parse("{ int p_3 = 1; int l_25 = 4; a[p_3] = l_25; return a; }");
        CProgram canonical = parse("{ int p_0 = 1; int l_0 = 4; a[p_0] = l_0; return a; }");
        assertEquals(csmith, canonical);
        assertEquals(csmith.hashCode(), canonical.hashCode());
        assertTrue(DOMAIN.print(csmith).contains("l_25"), "printing keeps the names as written");
        assertTrue(!csmith.equals(parse("{ int p_0 = 1; int l_0 = 4; a[l_0] = p_0; return a; }")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            { a[0] = 1; return a;                           | line 1, column 22: expected '}' to close the block opened at line 1, column 1
            {\\n  l_1 = 2;\\n  return a;\\n}               | line 2, column 3: l_1 is not declared
            {\\n  int l_1 = 1;\\n  int l_1 = 2;\\n  return a;\\n} | line 3, column 3: l_1 is already declared in this block
            { int l_1 = l_1 + 1; return a; }               | line 1, column 13: l_1 is used in its own initialiser
            { break; return a; }                           | line 1, column 3: break is only allowed inside a for loop
            { if (a[0]) continue; return a; }              | line 1, column 13: continue is only allowed inside a for loop
            { a[0] = 3 }                                   | line 1, column 12: expected ';' but found '}'
            { x = 1; return a; }                           | line 1, column 3: unknown name 'x'
            { while (a[0]) a[0]--; return a; }             | line 1, column 3: unknown name 'while'
            { a[0]++; }                                    | line 1, column 3: the function must end with 'return a;'
            { return 0; }                                  | line 1, column 10: a function of restricted C returns the list
            { if (a[0]) int l_0 = 1; return a; }           | line 1, column 13: a declaration cannot be the body
            { int l_0; return a; }                         | line 1, column 10: a variable is declared with an initialiser
            { a = 1; return a; }                           | line 1, column 5: the list a is used only as a[index]
            { a[0] = a[1]++; return a; }                   | line 1, column 14: expected ';' but found '++'
            { a[0] = ++a[1]; return a; }                   | line 1, column 10: '++' is a statement in restricted C
            { a[0] = 2 * 3; return a; }                    | line 1, column 12: expected ';' but found '*'
            { a[0] = 07; return a; }                       | line 1, column 10: '07' has a leading zero
            { a[0] = 2147483648; return a; }               | line 1, column 10: constant 2147483648 does not fit in an int
            { a[0] = 1; return a; } a[0] = 2;              | line 1, column 25: unexpected 'a' after the end of the function
            int * func_2(int a[]) { return a; }            | line 1, column 7: unknown name 'func_2'
            int f(int a[]) { return a; }                   | line 1, column 5: unknown name 'f'
            { for (p_0 = 0; p_0 < 5; p_0++) a[0]++; return a; } | line 1, column 8: p_0 is not declared
            { /* never closed return a; }                  | line 1, column 3: unterminated comment
            { a[0] = 1 % 2; return a; }                    | line 1, column 12: unexpected character '%'
            """)
    void errorsNameLineAndColumn(String text, String message) {
        String error = syntaxError(text.replace("\\n", "\n"));
        assertTrue(error.startsWith(message), () -> "expected a message starting with\n  " + message + "\nbut got\n  " + error);
    }

    @Test
    void errorsInTokenSequencesNameTheTokenIndex() {
        ProgramSyntaxException missing = assertThrows(ProgramSyntaxException.class,
                () -> DOMAIN.parse(List.of("{", "return", "a", "}")));
        assertEquals("token 3: expected ';' but found '}'", missing.getMessage());
        ProgramSyntaxException unknown = assertThrows(ProgramSyntaxException.class,
                () -> DOMAIN.parse(List.of("{", "while", "}")));
        assertEquals("token 1: 'while' is not a token of restricted C", unknown.getMessage());
        ProgramSyntaxException spaced = assertThrows(ProgramSyntaxException.class,
                () -> DOMAIN.parse(List.of("{", "return a", ";", "}")));
        assertTrue(spaced.getMessage().startsWith("token 1: "));
    }

    @Test
    void digitTokensInARowAreOneNumber() throws ProgramSyntaxException {
        CProgram program = DOMAIN.parse(List.of("{", "a", "[", "0", "]", "=", "1", "2", "-", "-", "3", ";",
                "return", "a", ";", "}"));
        assertEquals("{ a [ 0 ] = 1 2 - - 3 ; return a ; }", String.join(" ", program.tokens()));
        assertEquals(CArray.of(15, 0, 0, 0, 0), DOMAIN.run(program, CArray.of(0, 0, 0, 0, 0)).isOk()
                ? ((lasso.domain.Outcome.Ok<CArray>) DOMAIN.run(program, CArray.of(0, 0, 0, 0, 0))).output() : null);
        assertThrows(ProgramSyntaxException.class,
                () -> DOMAIN.parse(List.of("{", "a", "[", "0", "]", "=", "0", "7", ";", "return", "a", ";", "}")));
    }

    @Test
    void absurdNestingIsASyntaxErrorNotAStackOverflow() {
        String parentheses = "{ a[0] = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "; return a; }";
        assertTrue(syntaxError(parentheses).startsWith("line 1, column "), syntaxError(parentheses));
        assertTrue(syntaxError(parentheses).endsWith("nested more than 200 levels deep"));
        assertTrue(syntaxError("{ a[0] = " + "!".repeat(50_000) + "1; return a; }").endsWith("nested more than 200 levels deep"));
        assertTrue(syntaxError("{ " + "{".repeat(50_000) + "}".repeat(50_000) + " return a; }").endsWith("nested more than 200 levels deep"));
        assertEquals(CArray.of(1, 0, 0, 0, 0), output("{ a[0] = " + "(".repeat(50) + "1" + ")".repeat(50) + "; return a; }", 0, 0, 0, 0, 0));
    }

    /** Chains parse in a loop but build left-deep trees; each operator counts, so no later walk overflows. */
    @Test
    void longOperatorChainsAreASyntaxErrorNotAStackOverflow() {
        String sum = "{ a[0] = 1" + " + 1".repeat(10_000) + "; return a; }";
        assertTrue(syntaxError(sum).contains("expression nested more than 200 levels deep (in a chain such as 1 + 1 + … "
                + "or x && y && …, each operator counts as a level)"), syntaxError(sum));
        assertTrue(syntaxError(sum).startsWith("line 1, column "), syntaxError(sum));
        String conjunction = "{ a[0] = 1" + " && 1".repeat(100_000) + "; return a; }";
        assertTrue(syntaxError(conjunction).contains("expression nested more than 200 levels deep"), syntaxError(conjunction));
        String condition = "{ if (a[0] < 1" + " || a[1] < 1".repeat(10_000) + ") { a[0] = 1; } return a; }";
        assertTrue(syntaxError(condition).contains("expression nested more than 200 levels deep"), syntaxError(condition));
        // Chains within the limit parse, compile and run.
        assertEquals(CArray.of(150, 0, 0, 0, 0), output("{ a[0] = 1" + " + 1".repeat(149) + "; return a; }", 0, 0, 0, 0, 0));
        assertEquals(CArray.of(1, 0, 0, 0, 0), output("{ a[0] = 1" + " && 1".repeat(150) + "; return a; }", 0, 0, 0, 0, 0));
    }

    /** A deep tree built without the parser (as a mutation could) is refused by the compiler, not a stack overflow. */
    @Test
    void theCompilerRefusesATreeDeeperThanTheParserAllows() {
        CExpr chain = new CExpr.Const(1);
        for (int i = 0; i < 100_000; i++) {
            chain = new CExpr.Binary(CExpr.BinaryOp.ADD, chain, new CExpr.Const(1));
        }
        CStmt.Block body = new CStmt.Block(List.of(new CStmt.Assign(new CExpr.Elem(new CExpr.Const(0)),
                CStmt.AssignOp.SET, chain), new CStmt.Return()));
        InvalidProgramException refused = assertThrows(InvalidProgramException.class, () -> CCompiler.compile(body));
        assertEquals("expression nested more than 200 levels deep", refused.getMessage());
    }

    @Test
    void tooManyDistinctNamesForTheVocabularyAreRejectedWhereTheyAppear() {
        StringBuilder text = new StringBuilder("{\n");
        for (int i = 0; i <= CTokens.NAMES_PER_FAMILY; i++) {
            text.append("int l_").append(100 + i).append(" = 0;\n");
        }
        text.append("return a;\n}");
        assertEquals("line 18, column 5: too many distinct l_ variables at 'l_116' (at most 16, the vocabulary's l_0..l_15)",
                syntaxError(text.toString()));
    }
}
