package lasso.domain.c;

import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The original LaSynth data layout (models.md A.2), so that users can bring the original data set
 * and hand ours to the original tools. Sample {@code i} is {@code code_<i>.c}, a whole C file: a
 * forward declaration {@code int * func_1(int a[]);}, the program after a second
 * {@code int * func_1(int a[])} header, and a {@code main} whose arrays {@code a0} … {@code a4}
 * (negatives in parentheses) are the 5 inputs; and {@code code_<i>.out}, what that file prints: one
 * line per input, 5 space-separated ints with a trailing space.
 *
 * <p>Held-out examples do not fit the original layout (its loader reads exactly 5 arrays); they go
 * to {@code heldout_<i>.c} and {@code heldout_<i>.out} in the same form, which LaSynth's tools
 * ignore and this reader attaches to sample {@code i} as held-out examples.
 */
public final class LaSynthLayout {

    /** The number of examples in a LaSynth sample. */
    public static final int EXAMPLES = 5;

    private static final String HEADER = CPrinter.HEADER;
    private static final Pattern SAMPLE = Pattern.compile("code_(\\d+)\\.c");
    private static final Pattern ARRAY = Pattern.compile("\\ba(\\d+)\\[5\\]\\s*=\\s*\\{([^}]*)\\};");
    private static final Pattern VALUE = Pattern.compile("\\s*\\(?\\s*(-?\\s*\\d+)\\s*\\)?\\s*");

    private LaSynthLayout() {
    }

    /**
     * Reads every sample {@code code_<i>.c} (with its {@code .out}) in the folder, in order of
     * {@code i}. Task ids are the file stems ({@code code_17}).
     *
     * @throws InvalidTaskException naming the file and the problem
     */
    public static List<Task<CArray, CArray>> read(Path folder) throws IOException, InvalidTaskException {
        List<Task<CArray, CArray>> tasks = new ArrayList<>();
        for (long sample : samples(folder)) {
            tasks.add(readSample(folder, sample));
        }
        return tasks;
    }

    /** The indices {@code i} of the folder's {@code code_<i>.c} files, in order. */
    public static List<Long> samples(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("not a folder: " + folder);
        }
        TreeSet<Long> samples = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher matcher = SAMPLE.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    samples.add(Long.parseLong(matcher.group(1)));
                }
            }
        }
        return List.copyOf(samples);
    }

    /** Reads sample {@code i} of the folder (and its held-out examples if there are any). */
    public static Task<CArray, CArray> readSample(Path folder, long index) throws IOException, InvalidTaskException {
        Path c = folder.resolve("code_" + index + ".c");
        String source = Files.readString(c);
        String program = program(source, c);
        List<Example<CArray, CArray>> examples = new ArrayList<>(examples(source, folder.resolve("code_" + index + ".out"), false));
        Path heldout = folder.resolve("heldout_" + index + ".c");
        if (Files.exists(heldout)) {
            examples.addAll(examples(Files.readString(heldout), folder.resolve("heldout_" + index + ".out"), true));
        }
        return new Task<>("code_" + index, HEADER + "\n" + program, examples);
    }

    /** The program's body: after the second header, from its '{' up to {@code int main(void)}. */
    static String program(String source, Path file) throws InvalidTaskException {
        int first = source.indexOf(HEADER);
        int second = first < 0 ? -1 : source.indexOf(HEADER, first + HEADER.length());
        if (second < 0) {
            throw new InvalidTaskException(file + ": expected the header '" + HEADER + "' twice (declaration, definition)");
        }
        int open = source.indexOf('{', second + HEADER.length());
        int main = source.indexOf("int main(void)", second);
        if (open < 0 || main < 0 || main < open) {
            throw new InvalidTaskException(file + ": expected the function body '{ … }' before 'int main(void)'");
        }
        return source.substring(open, main).strip();
    }

    private static List<Example<CArray, CArray>> examples(String source, Path out, boolean heldout)
            throws IOException, InvalidTaskException {
        TreeMap<Integer, CArray> inputs = new TreeMap<>();
        Matcher matcher = ARRAY.matcher(source.substring(Math.max(0, source.indexOf("int main(void)"))));
        while (matcher.find()) {
            String[] values = matcher.group(2).split(",");
            if (values.length != CArray.LENGTH) {
                throw new InvalidTaskException(out.resolveSibling(stem(out) + ".c") + ": array a" + matcher.group(1)
                        + " must hold " + CArray.LENGTH + " values, not " + values.length);
            }
            int[] list = new int[CArray.LENGTH];
            for (int i = 0; i < list.length; i++) {
                list[i] = parseValue(values[i], "array a" + matcher.group(1), out);
            }
            inputs.put(Integer.parseInt(matcher.group(1)), CArray.of(list));
        }
        if (inputs.isEmpty() || inputs.firstKey() != 0 || inputs.lastKey() != inputs.size() - 1) {
            throw new InvalidTaskException(out.resolveSibling(stem(out) + ".c")
                    + ": expected input arrays a0, a1, … ('int a0[5] = {…};') in main, found " + inputs.keySet());
        }
        if (!Files.exists(out)) {
            throw new InvalidTaskException(out + ": missing (the outputs of " + stem(out) + ".c)");
        }
        List<String> lines = Files.readAllLines(out).stream().filter(line -> !line.isBlank()).toList();
        if (lines.size() != inputs.size()) {
            throw new InvalidTaskException(out + ": expected " + inputs.size() + " lines (one per input array), found "
                    + lines.size());
        }
        List<Example<CArray, CArray>> examples = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String[] values = lines.get(k).trim().split("\\s+");
            if (values.length != CArray.LENGTH) {
                throw new InvalidTaskException(out + ": line " + (k + 1) + " must hold " + CArray.LENGTH
                        + " ints, not " + values.length);
            }
            int[] list = new int[CArray.LENGTH];
            for (int i = 0; i < list.length; i++) {
                list[i] = parseValue(values[i], "line " + (k + 1), out);
            }
            examples.add(new Example<>(inputs.get(k), CArray.of(list), heldout));
        }
        return examples;
    }

    private static int parseValue(String text, String where, Path file) throws InvalidTaskException {
        Matcher value = VALUE.matcher(text);
        try {
            if (value.matches()) {
                return Integer.parseInt(value.group(1).replaceAll("\\s", ""));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidTaskException(file + ": " + where + ": '" + text.trim() + "' is not a 32-bit int");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /**
     * Writes a task as sample {@code index}: {@code code_<index>.c/.out} with its 5 given examples,
     * and {@code heldout_<index>.c/.out} with its held-out ones if it has any.
     *
     * @throws InvalidTaskException when the program does not parse, the task does not have exactly
     *                              5 given examples, or an example has no output
     */
    public static void write(Task<CArray, CArray> task, long index, Path folder, CDomain domain)
            throws IOException, InvalidTaskException {
        CProgram program;
        try {
            program = domain.parse(task.program());
        } catch (ProgramSyntaxException e) {
            throw new InvalidTaskException("task " + task.id() + ": the program does not parse: " + e.getMessage());
        }
        if (task.given().size() != EXAMPLES) {
            throw new InvalidTaskException("task " + task.id() + ": the LaSynth layout holds " + EXAMPLES
                    + " given examples, the task has " + task.given().size());
        }
        for (Example<CArray, CArray> example : task.examples()) {
            if (example.output() == null) {
                throw new InvalidTaskException("task " + task.id() + ": an example has no output to write");
            }
        }
        Files.createDirectories(folder);
        writeFiles(folder, "code_" + index, program, task.given());
        if (!task.heldout().isEmpty()) {
            writeFiles(folder, "heldout_" + index, program, task.heldout());
        }
    }

    private static void writeFiles(Path folder, String stem, CProgram program, List<Example<CArray, CArray>> examples)
            throws IOException {
        Files.writeString(folder.resolve(stem + ".c"), source(program, examples.stream().map(Example::input).toList()));
        StringBuilder out = new StringBuilder();
        for (Example<CArray, CArray> example : examples) {
            out.append(outputLine(example.output()));
        }
        Files.writeString(folder.resolve(stem + ".out"), out.toString());
    }

    /** One line of a {@code .out} file, as the program's {@code main} prints it. */
    static String outputLine(CArray list) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < CArray.LENGTH; i++) {
            line.append(list.get(i)).append(' ');
        }
        return line.append('\n').toString();
    }

    /** A whole C file that runs the program on each input and prints the results. */
    static String source(CProgram program, List<CArray> inputs) {
        StringBuilder c = new StringBuilder();
        c.append("#include <stdio.h>\n\n");
        c.append(HEADER).append(";\n\n");
        c.append(program.print()).append("\n\n");
        c.append("int main(void)\n{\n");
        for (int k = 0; k < inputs.size(); k++) {
            c.append("    int a").append(k).append("[5] = {");
            for (int i = 0; i < CArray.LENGTH; i++) {
                int value = inputs.get(k).get(i);
                c.append(i > 0 ? ", " : "").append(value < 0 ? "(" + value + ")" : Integer.toString(value));
            }
            c.append("};\n");
        }
        c.append("    int *r;\n");
        for (int k = 0; k < inputs.size(); k++) {
            c.append("    r = func_1(a").append(k).append(");\n");
            c.append("    for (int i = 0; i < 5; i++)\n        printf(\"%d \", r[i]);\n    printf(\"\\n\");\n");
        }
        c.append("    return 0;\n}\n");
        return c.toString();
    }
}
