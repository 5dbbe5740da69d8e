package lasso.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error captured around each test ({@code @RegisterExtension}), for commands run
 * through {@link Lasso#run}: each {@link #run} starts from empty captures.
 */
public final class CapturedConsole implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** Runs {@code ./lasso ARGS} in this JVM; its exit code. */
    public int run(String... args) {
        out.reset();
        err.reset();
        return Lasso.run(args);
    }

    /** What the last command wrote to standard output. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the last command wrote to standard error. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
