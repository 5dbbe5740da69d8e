package lasso.domain.c;

import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Programs the tests share: the LaSynth paper's Figure 5, and helpers to parse and run text. */
final class CTestPrograms {

    static final CDomain DOMAIN = new CDomain();

    private CTestPrograms() {
    }

    /** The text of Figure 5's program {@code n} (1..3), as the paper prints it. */
    static String figure5(int n) {
        try (InputStream in = CTestPrograms.class.getResourceAsStream("figure5-" + n + ".c")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CProgram parse(String text) {
        try {
            return DOMAIN.parse(text);
        } catch (ProgramSyntaxException e) {
            throw new AssertionError("does not parse: " + e.getMessage() + "\n" + text, e);
        }
    }

    /** Parses a body ({@code { … }}, header optional) and runs it. */
    static Outcome<CArray> run(String text, int... input) {
        return DOMAIN.run(parse(text), CArray.of(input));
    }

    /** The output of a run that must succeed. */
    static CArray output(String text, int... input) {
        Outcome<CArray> outcome = run(text, input);
        if (!(outcome instanceof Outcome.Ok<CArray> ok)) {
            throw new AssertionError("expected an output but got " + outcome + " for\n" + text);
        }
        return ok.output();
    }

    /** A syntax error's message. */
    static String syntaxError(String text) {
        try {
            DOMAIN.parse(text);
        } catch (ProgramSyntaxException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed but should not:\n" + text);
    }
}
