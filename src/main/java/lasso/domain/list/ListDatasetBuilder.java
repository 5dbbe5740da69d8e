package lasso.domain.list;

import com.fasterxml.jackson.databind.ObjectMapper;
import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGenerator.Generated;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The paper's data sets (deepcoder.md §2.1): every program of exactly T statements over the six input
 * signatures is enumerated; programs with an unused input or statement, programs that behave on random
 * probe inputs like a shorter program or like a program met before, and programs rejected on most
 * probes are pruned. The survivors are shuffled; the first P that get valid examples (by constraint
 * propagation) form the test set, the next N the training set, where a training program that
 * reproduces a test program's outputs on that test program's inputs is dropped (semantic
 * de-duplication against the test set).
 */
public final class ListDatasetBuilder {

    /** Probe inputs per signature for the equivalence check. */
    static final int PROBES = 24;

    /** What the builder kept and dropped. */
    public record Stats(long enumerated, long unique, long trainDroppedAsTestDuplicates, long withoutExamples) {
    }

    /** The two sets, each task a program with its examples. */
    public record Dataset(List<Generated<ListProgram, ListInput, Value>> train,
                          List<Generated<ListProgram, ListInput, Value>> test, Stats stats) {
    }

    private final int length;
    private final int examples;
    private final ExampleSampler sampler;

    public ListDatasetBuilder(int length, int examples, ExampleSampler sampler) {
        if (length < 1 || length > 4) {
            throw new IllegalArgumentException("the enumerative builder handles lengths 1 to 4, got " + length);
        }
        this.length = length;
        this.examples = examples;
        this.sampler = sampler;
    }

    /** Every distinct program of the length, in a seeded random order (deterministic for a seed). */
    public List<ListProgram> distinctPrograms(long seed, long[] counts) {
        List<ListProgram> programs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (List<Type> signature : ListTaskGenerator.SIGNATURES) {
            List<ListInput> probes = ProgramEnumerator.probes(signature, PROBES, random.split());
            Set<Long> seen = new HashSet<>();
            if (length > 1) {
                new ProgramEnumerator(signature, length - 1, probes)
                        .enumerate((statements, n, fingerprint, rejected) -> seen.add(fingerprint));
            }
            new ProgramEnumerator(signature, length, probes).enumerate((statements, n, fingerprint, rejected) -> {
                if (n < length) {
                    return;
                }
                counts[0]++;
                if (rejected * 2 > PROBES || !usesEveryVariable(signature.size(), statements, n) || !seen.add(fingerprint)) {
                    return;
                }
                programs.add(new ListProgram(signature, List.of(statements).subList(0, n)));
            });
        }
        counts[1] = programs.size();
        // Fisher-Yates with the seed: the order decides which programs go to test and train.
        for (int i = programs.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ListProgram swap = programs.get(i);
            programs.set(i, programs.get(j));
            programs.set(j, swap);
        }
        return programs;
    }

    private static boolean usesEveryVariable(int inputs, Statement[] statements, int n) {
        boolean[] used = new boolean[inputs + n];
        for (int s = 0; s < n; s++) {
            for (int argument : statements[s].arguments()) {
                used[argument] = true;
            }
        }
        for (int v = 0; v < inputs + n - 1; v++) {
            if (!used[v]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds the test set (size {@code testCount}) and the training set (up to {@code trainCount}),
     * reporting progress as tasks are accepted.
     */
    public Dataset build(int trainCount, int testCount, long seed, Consumer<String> progress) {
        long[] counts = new long[2];
        List<ListProgram> programs = distinctPrograms(seed, counts);
        progress.accept("enumerated " + counts[0] + " programs of length " + length + ", " + counts[1] + " distinct");
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Generated<ListProgram, ListInput, Value>> test = new ArrayList<>();
        List<Generated<ListProgram, ListInput, Value>> train = new ArrayList<>();
        long duplicates = 0;
        long withoutExamples = 0;
        int i = 0;
        for (; i < programs.size() && test.size() < testCount; i++) {
            Generated<ListProgram, ListInput, Value> task = withExamples(programs.get(i), random);
            if (task == null) {
                withoutExamples++;
            } else {
                test.add(task);
            }
        }
        progress.accept("test set: " + test.size() + " tasks");
        for (; i < programs.size() && train.size() < trainCount; i++) {
            ListProgram program = programs.get(i);
            if (reproducesATestTask(program, test)) {
                duplicates++;
                continue;
            }
            Generated<ListProgram, ListInput, Value> task = withExamples(program, random);
            if (task == null) {
                withoutExamples++;
            } else {
                train.add(task);
                if (train.size() % 10_000 == 0) {
                    progress.accept("training set: " + train.size() + " tasks");
                }
            }
        }
        progress.accept("training set: " + train.size() + " tasks (" + duplicates + " dropped as duplicates of test tasks)");
        return new Dataset(train, test, new Stats(counts[0], counts[1], duplicates, withoutExamples));
    }

    private Generated<ListProgram, ListInput, Value> withExamples(ListProgram program, SplittableRandom random) {
        return sampler.sample(program, examples, random)
                .filter(drawn -> !ListTaskGenerator.redundant(program, drawn))
                .map(drawn -> new Generated<>(program, drawn))
                .orElse(null);
    }

    /** Whether the program gives a test task's outputs on all of that task's inputs. */
    static boolean reproducesATestTask(ListProgram program, List<Generated<ListProgram, ListInput, Value>> test) {
        for (Generated<ListProgram, ListInput, Value> task : test) {
            if (!task.program().inputs().equals(program.inputs()) || task.program().outputType() != program.outputType()) {
                continue;
            }
            boolean same = true;
            for (Example<ListInput, Value> example : task.examples()) {
                if (!(ListInterpreter.run(program, example.input()) instanceof Outcome.Ok<Value> ok)
                        || !ok.output().equals(example.output())) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /** Writes tasks as a list task file, with ids {@code PREFIX-0}, {@code PREFIX-1}, … in order. */
    public static void write(Path file, String prefix, List<Generated<ListProgram, ListInput, Value>> tasks)
            throws IOException {
        TaskFormat<ListInput, Value> format = new ListDomain().taskFormat();
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            for (int i = 0; i < tasks.size(); i++) {
                Generated<ListProgram, ListInput, Value> task = tasks.get(i);
                writer.write(json.writeValueAsString(format.write(new Task<>(prefix + "-" + i,
                        ListSyntax.printPrefix(task.program()), task.examples()))));
                writer.newLine();
            }
        }
    }
}
