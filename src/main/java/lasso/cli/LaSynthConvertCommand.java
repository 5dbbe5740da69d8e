package lasso.cli;

import lasso.domain.Domain;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.LaSynthLayout;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {
                "Converts restricted-C tasks between JSON lines and LaSynth's original file layout.",
                "--from lasynth DIR reads code_<i>.c/.out (and heldout_<i>.c/.out) into JSON lines; "
                        + "--to lasynth FILE.jsonl writes task k of the file as sample k. "
                        + "Bad samples or tasks are reported on stderr and skipped; the exit code is then 1."})
final class LaSynthConvertCommand implements Callable<Integer> {

    static final String LASYNTH = "lasynth";

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The task domain (the LaSynth layout belongs to c).")
    Domain<?, ?, ?> domain;

    @ArgGroup(multiplicity = "1")
    Direction direction;

    static final class Direction {
        @Option(names = "--from", paramLabel = "FORMAT", description = "Read this format (lasynth) into JSON lines.")
        String from;

        @Option(names = "--to", paramLabel = "FORMAT", description = "Write JSON lines in this format (lasynth).")
        String to;
    }

    @Parameters(index = "0", paramLabel = "INPUT", description = "The LaSynth folder (--from) or the JSON-lines file (--to).")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "OUTPUT",
            description = "The JSON-lines file (--from) or the LaSynth folder (--to).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!(domain instanceof CDomain c)) {
            throw new IllegalArgumentException("the LaSynth layout holds restricted-C tasks: use --domain c");
        }
        String format = direction.from != null ? direction.from : direction.to;
        if (!format.equals(LASYNTH)) {
            throw new IllegalArgumentException("unknown format '" + format + "' (known: " + LASYNTH + ")");
        }
        return direction.from != null ? fromLaSynth(c) : toLaSynth(c);
    }

    private int fromLaSynth(CDomain c) throws IOException {
        List<Long> samples = LaSynthLayout.samples(input);
        int bad = 0;
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (long sample : samples) {
                try {
                    Task<CArray, CArray> task = LaSynthLayout.readSample(input, sample);
                    writer.write(JsonLines.MAPPER.writeValueAsString(c.taskFormat().write(task)));
                    writer.newLine();
                } catch (InvalidTaskException e) {
                    System.err.println("error: " + e.getMessage());
                    bad++;
                }
            }
        }
        System.err.println("wrote " + (samples.size() - bad) + " tasks to " + out
                + (bad > 0 ? " (" + bad + " samples skipped)" : ""));
        return bad == 0 ? 0 : 1;
    }

    private int toLaSynth(CDomain c) throws IOException {
        long[] index = {0};
        int[] bad = {0};
        int unreadable = JsonLines.forEachTask(input, c.taskFormat(), System.err, task -> {
            try {
                LaSynthLayout.write(task, index[0], out, c);
            } catch (InvalidTaskException e) {
                System.err.println("error: " + input + ": " + e.getMessage());
                bad[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            index[0]++;
        });
        System.err.println("wrote " + (index[0] - bad[0]) + " samples to " + out
                + (bad[0] + unreadable > 0 ? " (" + (bad[0] + unreadable) + " tasks skipped)" : ""));
        return bad[0] + unreadable == 0 ? 0 : 1;
    }
}
