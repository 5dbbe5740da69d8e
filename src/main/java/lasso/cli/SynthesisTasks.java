package lasso.cli;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import lasso.domain.TaskGeneration;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.SynthesizerTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Task files and generated tasks as the synthesizer commands use them. */
final class SynthesisTasks {

    private SynthesisTasks() {
    }

    /** A task with its parsed reference program (null when the file gives none or it does not parse). */
    record Loaded<P, I, O>(Task<I, O> task, P program) {
    }

    /** Every task of a file, with its program parsed where there is one; bad lines are reported on stderr. */
    static <P, I, O> List<Loaded<P, I, O>> read(Domain<P, I, O> domain, Path file) throws IOException {
        List<Loaded<P, I, O>> tasks = new ArrayList<>();
        int[] unparsed = {0};
        int bad = JsonLines.forEachTask(file, domain.taskFormat(), System.err, task -> {
            P program = null;
            if (task.program() != null && !task.program().isBlank()) {
                try {
                    program = domain.parse(task.program());
                } catch (ProgramSyntaxException e) {
                    unparsed[0]++;
                }
            }
            tasks.add(new Loaded<>(task, program));
        });
        if (bad > 0 || unparsed[0] > 0) {
            System.err.printf("%s: %d unreadable lines, %d programs that do not parse%n", file, bad, unparsed[0]);
        }
        return tasks;
    }

    /** {@code count} tasks from the domain's generator, deterministic for the seed. */
    static <P, I, O> List<Loaded<P, I, O>> generate(Domain<P, I, O> domain, Map<String, String> options, int count,
                                                    long seed) {
        List<Loaded<P, I, O>> tasks = new ArrayList<>(count);
        int threads = Runtime.getRuntime().availableProcessors();
        try (var progress = Progress.bar("generate " + domain.name(), count)) {
            TaskGeneration.generate(domain.generator(options), count, seed, threads, numbered -> {
                P program = numbered.task().program();
                tasks.add(new Loaded<>(new Task<>(numbered.id(), domain.print(program), numbered.task().examples()),
                        program));
                progress.step();
            });
        }
        return tasks;
    }

    /** The canonical token sequences of the programs of task files (to keep a test set out of training). */
    static <P, I, O> Set<List<String>> programs(Domain<P, I, O> domain, List<Path> files) throws IOException {
        Set<List<String>> programs = new HashSet<>();
        for (Path file : files) {
            for (Loaded<P, I, O> loaded : read(domain, file)) {
                if (loaded.program() != null) {
                    programs.add(domain.tokens(loaded.program()));
                }
            }
        }
        return programs;
    }

    /** Training tasks: the program's ids and every example that has an output. */
    static <P, I, O> SynthesizerTrainer.Task<I, O> training(NeuralSynthesizer<P, I, O> synthesizer, P program,
                                                            List<Example<I, O>> examples) {
        List<Example<I, O>> withOutputs = examples.stream().filter(e -> e.output() != null).toList();
        return new SynthesizerTrainer.Task<>(synthesizer.tokenIds(program), withOutputs);
    }
}
