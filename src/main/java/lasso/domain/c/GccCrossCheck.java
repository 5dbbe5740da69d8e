package lasso.domain.c;

import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Checks the interpreter against gcc, the ground truth LaSynth used: many programs go into one C
 * translation unit with a driver {@code main} (one gcc call), and every example the interpreter
 * finishes must print the same list. Examples the interpreter reports as errors (an index outside
 * the list, undefined behaviour in C) or timeouts are not run in C. gcc compiles with
 * {@code -std=c99 -pedantic-errors -fwrapv}: standard C, and wrap-around defined as our semantics.
 */
public final class GccCrossCheck {

    public static final List<String> GCC_FLAGS = List.of("-std=c99", "-pedantic-errors", "-O0", "-fwrapv", "-w");

    /** Inputs for hand-written cases that name none: small values, zeros, and the int extremes. */
    static final List<CArray> DEFAULT_INPUTS = List.of(CArray.of(1, -3, 0, 2, 4), CArray.of(0, 0, 0, 0, 0),
            CArray.of(4, 4, 4, 4, 4), CArray.of(-4, -4, -4, -4, -4), CArray.of(3, 2, 1, 0, -1),
            CArray.of(Integer.MAX_VALUE, Integer.MIN_VALUE, 1, -1, 2));

    /** A program and the inputs to run it on. {@code expect} is "error" or "timeout" for cases that must fail. */
    public record Case(String name, CProgram program, List<CArray> inputs, String expect) {
        public Case {
            inputs = List.copyOf(inputs);
        }
    }

    /** An example where gcc and the interpreter disagree (or an expected failure that did not happen). */
    public record Mismatch(String name, CArray input, String interpreter, String gcc, String program) {
    }

    /**
     * @param programs   programs checked
     * @param examples   examples run by the interpreter
     * @param compared   examples also run by gcc and compared
     * @param errors     examples the interpreter stopped with an index error (not run by gcc)
     * @param timeouts   examples that ran out of steps (not run by gcc)
     * @param gccSeconds the gcc compile and the driver's run
     */
    public record Report(int programs, int examples, int compared, int errors, int timeouts,
                         List<Mismatch> mismatches, double gccSeconds) {
    }

    /** What judging one program costs: LaSynth's gcc judge against the interpreter. */
    public record JudgeCost(int programs, double gccMillisPerProgram, double interpreterMicrosPerProgram) {
        public double ratio() {
            return gccMillisPerProgram * 1000 / interpreterMicrosPerProgram;
        }
    }

    private static volatile int sink;

    private GccCrossCheck() {
    }

    /** The gcc command, or an error saying how to get it. */
    static String gcc() {
        try {
            Process process = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0) {
                return "gcc";
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("gcc is not on the PATH; the cross-check needs it (.ci/run installs it: apt-get install gcc)");
    }

    /** Runs every case with the interpreter and with gcc (in {@code folder}) and compares. */
    public static Report run(List<Case> cases, Path folder) throws IOException {
        String gcc = gcc();
        Files.createDirectories(folder);
        StringBuilder functions = new StringBuilder("#include <stdio.h>\n\n");
        StringBuilder rows = new StringBuilder();
        List<String> expected = new ArrayList<>();
        List<int[]> origins = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        int examples = 0;
        int errors = 0;
        int timeouts = 0;
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            functions.append(c.program().print().replaceFirst("^" + Pattern.quote(CPrinter.HEADER),
                    "static int * func_" + k + "(int a[])")).append("\n\n");
            for (int i = 0; i < c.inputs().size(); i++) {
                CArray input = c.inputs().get(i);
                Outcome<CArray> outcome = CInterpreter.run(c.program(), input);
                examples++;
                String kind = outcome instanceof Outcome.Failure<CArray> f
                        ? (f.kind() == Outcome.FailureKind.ERROR ? "error" : "timeout") : "ok";
                if (c.expect() != null && !c.expect().equals(kind)) {
                    mismatches.add(new Mismatch(c.name(), input, kind, "(expected " + c.expect() + ")", c.program().print()));
                }
                if (outcome instanceof Outcome.Ok<CArray> ok) {
                    rows.append("    {").append(k);
                    for (int v = 0; v < CArray.LENGTH; v++) {
                        rows.append(", ").append(literal(input.get(v)));
                    }
                    rows.append("},\n");
                    expected.add(LaSynthLayout.outputLine(ok.output()).strip());
                    origins.add(new int[] {k, i});
                } else if (kind.equals("error")) {
                    errors++;
                } else {
                    timeouts++;
                }
            }
        }
        StringBuilder source = new StringBuilder(functions);
        source.append("typedef int * (*program)(int a[]);\n");
        source.append("static const program programs[] = {");
        for (int k = 0; k < cases.size(); k++) {
            source.append(k % 8 == 0 ? "\n    " : " ").append("func_").append(k).append(k + 1 < cases.size() ? "," : "");
        }
        source.append("\n};\n\n");
        source.append("static const int examples[][6] = {\n").append(rows.length() == 0 ? "    {0}\n" : rows).append("};\n\n");
        source.append("int main(void)\n{\n");
        source.append("    for (unsigned long e = 0; e < ").append(expected.size()).append("; e++)\n    {\n");
        source.append("        int a[5];\n        for (int i = 0; i < 5; i++)\n            a[i] = examples[e][i + 1];\n");
        source.append("        int *r = programs[examples[e][0]](a);\n");
        source.append("        printf(\"%d %d %d %d %d\\n\", r[0], r[1], r[2], r[3], r[4]);\n    }\n    return 0;\n}\n");
        Path c = folder.resolve("crosscheck.c");
        Path binary = folder.resolve("crosscheck");
        Files.writeString(c, source);
        long start = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(gcc));
        command.addAll(GCC_FLAGS);
        command.addAll(List.of("-o", binary.toString(), c.toString()));
        run(command, "gcc rejected the cross-check program " + c);
        List<String> printed = run(List.of(binary.toAbsolutePath().toString()), "the cross-check program failed");
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int e = 0; e < expected.size(); e++) {
            String got = e < printed.size() ? printed.get(e).strip() : "(nothing)";
            if (!got.equals(expected.get(e))) {
                Case mismatched = cases.get(origins.get(e)[0]);
                mismatches.add(new Mismatch(mismatched.name(), mismatched.inputs().get(origins.get(e)[1]),
                        expected.get(e), got, mismatched.program().print()));
            }
        }
        return new Report(cases.size(), examples, expected.size(), errors, timeouts, mismatches, seconds);
    }

    /** A C literal for any int (INT_MIN has none). */
    private static String literal(int value) {
        return value == Integer.MIN_VALUE ? "(-2147483647 - 1)" : Integer.toString(value);
    }

    /** Runs a command and returns its standard output; a non-zero exit is an error with its output. */
    private static List<String> run(List<String> command, String failure) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(failure + ": no answer in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(failure + ": interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(failure + " (exit " + process.exitValue() + "):\n"
                    + String.join("\n", lines.subList(0, Math.min(20, lines.size()))));
        }
        return lines;
    }

    /**
     * {@code count} random programs with their inputs, in three equal parts: generated tasks (LaSynth's
     * distribution, their 10 inputs), wild programs (the whole language, small and extreme inputs),
     * and mutants of generated tasks (1–3 mutations, on the task's inputs).
     */
    public static List<Case> randomCases(long seed, int count) {
        CTaskGenerator generator = CTaskGenerator.fromOptions(Map.of());
        CProgramSampler wild = new CProgramSampler(CProgramSampler.Settings.WILD);
        CMutator mutator = new CMutator();
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            switch (i % 3) {
                case 0 -> {
                    var task = TaskGeneration.one(generator, seed, i).task();
                    cases.add(new Case("task " + i, task.program(), inputs(task.examples()), null));
                }
                case 1 -> cases.add(new Case("wild " + i, wild.sample(random, random.nextBoolean()), wildInputs(random), null));
                default -> {
                    var task = TaskGeneration.one(generator, seed, i).task();
                    Optional<CProgram> mutant = mutator.mutateChain(task.program(), random);
                    cases.add(new Case("mutant " + i, mutant.orElse(task.program()), inputs(task.examples()), null));
                }
            }
        }
        return cases;
    }

    private static List<CArray> inputs(List<Example<CArray, CArray>> examples) {
        return examples.stream().map(Example::input).toList();
    }

    private static List<CArray> wildInputs(SplittableRandom random) {
        List<CArray> inputs = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            int[] values = new int[CArray.LENGTH];
            for (int i = 0; i < values.length; i++) {
                int pick = random.nextInt(10);
                values[i] = pick < 6 ? random.nextInt(9) - 4 : pick < 8 ? random.nextInt(5)
                        : pick == 8 ? random.nextInt() : (random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE);
            }
            inputs.add(CArray.of(values));
        }
        return inputs;
    }

    /**
     * The hand-written cases of {@code crosscheck-cases.c}: wrap-around, short-circuit, shadowing,
     * continue and break, else-if chains, precedence, and indices outside the list.
     */
    public static List<Case> edgeCases() {
        try (InputStream in = GccCrossCheck.class.getResourceAsStream("crosscheck-cases.c")) {
            if (in == null) {
                throw new IllegalStateException("crosscheck-cases.c is missing from the class path");
            }
            return parseCases(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Cases in the corpus format: each starts with {@code // case: NAME}, may give {@code // input:
     * 5 ints} lines (else {@link #DEFAULT_INPUTS}) and {@code // expect: error|timeout}, then the program.
     */
    static List<Case> parseCases(String text) {
        List<Case> cases = new ArrayList<>();
        String[] parts = text.split("(?m)^// case: ");
        CDomain domain = new CDomain();
        for (int p = 1; p < parts.length; p++) {
            String part = parts[p];
            String name = part.substring(0, part.indexOf('\n')).strip();
            List<CArray> inputs = new ArrayList<>();
            String expect = null;
            for (String line : part.split("\n")) {
                if (line.startsWith("// input:")) {
                    inputs.add(CArray.of(Arrays.stream(line.substring(9).trim().split("\\s+"))
                            .mapToInt(Integer::parseInt).toArray()));
                } else if (line.startsWith("// expect:")) {
                    expect = line.substring(10).strip();
                }
            }
            try {
                cases.add(new Case(name, domain.parse(part.substring(part.indexOf('\n'))),
                        inputs.isEmpty() ? DEFAULT_INPUTS : inputs, expect));
            } catch (ProgramSyntaxException e) {
                throw new IllegalStateException("cross-check case '" + name + "': " + e.getMessage(), e);
            }
        }
        return cases;
    }

    /**
     * Measures judging one program as LaSynth does (write its C file, {@code gcc -o}, run it, 5
     * inputs) against the interpreter running the same program on the same 5 inputs.
     */
    public static JudgeCost judgeCost(List<Case> cases, int programs, Path folder) throws IOException {
        String gcc = gcc();
        Files.createDirectories(folder);
        List<Case> judged = new ArrayList<>();
        for (Case c : cases) {
            List<CArray> five = c.inputs().subList(0, Math.min(LaSynthLayout.EXAMPLES, c.inputs().size()));
            if (judged.size() < programs && five.size() == LaSynthLayout.EXAMPLES
                    && five.stream().allMatch(input -> CInterpreter.run(c.program(), input).isOk())) {
                judged.add(new Case(c.name(), c.program(), five, null));
            }
        }
        if (judged.isEmpty()) {
            throw new IllegalArgumentException("no program to judge");
        }
        long start = System.nanoTime();
        for (int k = 0; k < judged.size(); k++) {
            Path c = folder.resolve("judge_" + k + ".c");
            Path binary = folder.resolve("judge_" + k);
            Files.writeString(c, LaSynthLayout.source(judged.get(k).program(), judged.get(k).inputs()));
            run(List.of(gcc, "-o", binary.toString(), c.toString()), "gcc rejected " + c);
            Files.write(folder.resolve("judge_" + k + ".out"),
                    run(List.of(binary.toAbsolutePath().toString()), binary + " failed"));
        }
        double gccMillis = (System.nanoTime() - start) / 1e6 / judged.size();
        long runs = 0;
        int total = 0;
        long interpreterStart = System.nanoTime();
        do {
            for (Case c : judged) {
                for (CArray input : c.inputs()) {
                    total += CInterpreter.run(c.program(), input).hashCode();
                }
                runs++;
            }
        } while (System.nanoTime() - interpreterStart < 500_000_000L);
        double interpreterMicros = (System.nanoTime() - interpreterStart) / 1e3 / runs;
        sink = total; // keeps the runs from being optimised away
        return new JudgeCost(judged.size(), gccMillis, interpreterMicros);
    }
}
