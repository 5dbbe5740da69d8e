package lasso.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The lines of a task file, read as bytes so that one bad line costs only itself: a line that is not
 * UTF-8 or is longer than {@code maxBytes} (it is skipped, never held) is reported with its number
 * and the next line is read. A NUL byte, which no JSON text holds, means the file is not a JSON lines
 * file at all (a binary file, {@code /dev/zero}): it is reported and nothing more is read.
 */
public final class TaskFileLines implements AutoCloseable {

    /** One line: its text, or why it cannot be read ({@code text} null). */
    public record Line(int number, String text, String error) {
    }

    private final InputStream in;
    private final long maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[1 << 16];
    private int at;
    private int filled;
    private int number;
    private boolean stopped;

    public TaskFileLines(Path file, long maxBytes) throws IOException {
        try {
            this.in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the file (or after binary data). */
    public Line next() throws IOException {
        if (stopped) {
            return null;
        }
        line.reset();
        long length = 0;
        int b;
        while ((b = read()) != -1 && b != '\n') {
            if (b == 0) {
                stopped = true;
                return new Line(number + 1, null, "binary data (a NUL byte at byte " + (length + 1)
                        + " of the line): not a JSON lines file; the rest of it is not read");
            }
            if (length < maxBytes) {
                line.write(b);
            }
            length++;
        }
        if (b == -1 && length == 0) {
            return null;
        }
        number++;
        if (length > maxBytes) {
            return new Line(number, null, "line of " + length + " bytes, longer than " + maxBytes
                    + " (lasso.limits.max-task-line-bytes); skipped");
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return new Line(number, utf8.reset().decode(ByteBuffer.wrap(bytes, 0, end)).toString(), null);
        } catch (MalformedInputException e) {
            return new Line(number, null, "invalid UTF-8 at byte " + (utf8Offset(bytes, end) + 1) + " of the line");
        } catch (CharacterCodingException e) {
            return new Line(number, null, "invalid UTF-8: " + e.getMessage());
        }
    }

    private int read() throws IOException {
        if (at == filled) {
            filled = in.read(chunk);
            at = 0;
            if (filled <= 0) {
                filled = 0;
                return -1;
            }
        }
        return chunk[at++] & 0xff;
    }

    /** Where the first malformed sequence starts (the exception does not say). */
    private int utf8Offset(byte[] bytes, int end) {
        ByteBuffer bad = ByteBuffer.wrap(bytes, 0, end);
        utf8.reset().decode(bad, CharBuffer.allocate(end + 1), true);
        return bad.position();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
