package lasso.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval-debugger's --merge: the reports of a task file's parts, merged, are the report of the whole file. */
class DebuggerEvalCommandTest {

    private static final Path REAL = Path.of("data/karel/msr_test_first8_full.jsonl");

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    /** The shipped synthesizer's beam, then the random mutations (seeded per request), one task at a time. */
    private void evaluate(Path tasks, String report) {
        assertEquals(0, console.run("eval-debugger", "--tasks", tasks.toString(), "--domain", "karel", "--debugger", "mutation",
                "--k", "1,5", "--jobs", "1", "--report", dir.resolve(report).toString()), console.err());
    }

    /** A report's lines without its times (the last two cells of a run's row), the merge's note and the plot's name. */
    private List<String> withoutTimes(String report) throws IOException {
        return Files.readAllLines(dir.resolve(report)).stream()
                .map(line -> line.startsWith("| mutation |") ? line.replaceFirst("\\| [^|]+ \\| [^|]+ \\|$", "") : line)
                .map(line -> line.replaceFirst(" Merged from .*$", "").replaceFirst("\\(\\w+\\.png\\)$", "")).toList();
    }

    @Test
    void theMergedHalvesAreTheWholeAndATaskMergedTwiceIsRefused() throws IOException {
        List<String> records = Files.readAllLines(REAL);
        Files.write(dir.resolve("first.jsonl"), records.subList(0, 3));
        Files.write(dir.resolve("rest.jsonl"), records.subList(3, 8));
        evaluate(REAL, "whole.md");
        evaluate(dir.resolve("first.jsonl"), "first.md");
        evaluate(dir.resolve("rest.jsonl"), "rest.md");

        assertEquals(0, console.run("eval-debugger", "--tasks", REAL.toString(), "--report", dir.resolve("merged.md").toString(),
                "--k", "1,5", "--merge", dir.resolve("first.md") + "," + dir.resolve("rest.md")), console.err());
        List<String> whole = withoutTimes("whole.md");
        assertEquals(whole, withoutTimes("merged.md"));
        assertTrue(whole.stream().anyMatch(line -> line.startsWith("| mutation | greedy |")), String.join("\n", whole));
        assertNotEquals(Files.readAllLines(dir.resolve("whole.md")), Files.readAllLines(dir.resolve("merged.md")),
                "the merged report names its parts");
        assertEquals(Files.readAllLines(dir.resolve("whole.jsonl")), Files.readAllLines(dir.resolve("merged.jsonl")));
        assertTrue(Files.size(dir.resolve("merged.png")) > 0);

        assertEquals(0, console.run("eval-debugger", "--tasks", REAL.toString(), "--report", dir.resolve("bf.md").toString(),
                "--strategy", "best-first", "--k", "5", "--merge", dir.resolve("first.md") + "," + dir.resolve("rest.md")), console.err());
        assertTrue(withoutTimes("bf.md").stream().noneMatch(line -> line.contains("greedy")));

        assertNotEquals(0, console.run("eval-debugger", "--tasks", REAL.toString(), "--report", dir.resolve("twice.md").toString(),
                "--k", "1,5", "--merge", dir.resolve("first.md") + "," + dir.resolve("whole.md")));
        assertTrue(console.err().contains("is in two of the reports"), console.err());
        assertNotEquals(0, console.run("eval-debugger", "--tasks", REAL.toString(), "--report", dir.resolve("k.md").toString(),
                "--merge", dir.resolve("first.md") + "," + dir.resolve("rest.md")));
        assertTrue(console.err().contains("is beyond the budget of"), console.err());
    }
}
