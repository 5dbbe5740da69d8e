package lasso.benchmark;

import lasso.client.ResultLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's {@code results.jsonl}: one line per finished task, appended as results arrive, each line
 * written whole with one call and never rewritten. Opening it again resumes the run: the lines are
 * read back (the tasks they name are done), and a last line without its line break, left by a process
 * killed while writing it, is cut off, so its task runs again and ends with exactly one line.
 */
public final class ResultsLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final Map<String, ResultLine> lines;

    private ResultsLog(Path file, FileChannel channel, Map<String, ResultLine> lines) {
        this.file = file;
        this.channel = channel;
        this.lines = lines;
    }

    /**
     * Opens (or creates) the file.
     *
     * @param notes where to say that a partial last line was dropped or a task appeared twice
     * @throws IOException naming the file and line of a line that is not a result
     */
    public static ResultsLog open(Path file, PrintStream notes) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = wholeLines(bytes);
            if (end < bytes.length) {
                notes.printf("%s: dropped a partial last line (%d bytes) left by an interrupted run; its task runs again%n",
                        file, bytes.length - end);
                channel.truncate(end);
                channel.force(false);
            }
            Map<String, ResultLine> lines = parse(file, bytes, end, notes);
            channel.position(channel.size());
            return new ResultsLog(file, channel, lines);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The results in {@code file} (none when it does not exist), without changing it: a partial last
     * line, from a run writing it now or killed while writing it, is left out.
     */
    public static Map<String, ResultLine> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        return Collections.unmodifiableMap(parse(file, bytes, wholeLines(bytes), new PrintStream(OutputStream.nullOutputStream())));
    }

    /** The length of the whole lines at the start of {@code bytes}. */
    private static int wholeLines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private static Map<String, ResultLine> parse(Path file, byte[] bytes, int end, PrintStream notes) throws IOException {
        Map<String, ResultLine> lines = new LinkedHashMap<>();
        String[] text = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < text.length; i++) {
            if (text[i].isBlank()) {
                continue;
            }
            ResultLine line;
            try {
                line = ResultLine.parse(text[i]);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": not a result line: " + e.getMessage(), e);
            }
            if (lines.putIfAbsent(line.id(), line) != null) {
                notes.printf("%s:%d: task %s has a line already; the first one counts%n", file, i + 1, line.id());
            }
        }
        return lines;
    }

    public Path file() {
        return file;
    }

    /** The results so far, by task id, in file order. */
    public synchronized Map<String, ResultLine> lines() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

    public synchronized boolean has(String id) {
        return lines.containsKey(id);
    }

    /**
     * Appends a task's line; a task that has one already keeps it.
     *
     * @return whether the line was written
     */
    public synchronized boolean append(ResultLine line) throws IOException {
        if (lines.containsKey(line.id())) {
            return false;
        }
        ByteBuffer bytes = ByteBuffer.wrap((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        lines.put(line.id(), line);
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.force(false);
        channel.close();
    }
}
