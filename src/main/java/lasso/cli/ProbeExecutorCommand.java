package lasso.cli;

import lasso.domain.Example;
import lasso.domain.c.CArray;
import lasso.domain.c.CProgram;
import lasso.model.lasynth.ExecutorProbe;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "probe-executor",
        mixinStandardHelpOptions = true,
        description = {
                "Probes a LaSynth model's latent executor on C tasks with reference programs: reading each program "
                        + "by teacher forcing, compares the argmax of Î at every executor run with the true list after "
                        + "the statements completed so far (the program cut there, run by the interpreter), on the "
                        + "positions already changed and the others, and the final Î_T with the output, with the "
                        + "task's own program and with another task's. Writes a Markdown report."})
final class ProbeExecutorCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|NAME",
            description = "A LaSynth model with a latent executor: a directory or a shipped name (c-lasynth).")
    String model;

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl", description = "C tasks with reference programs.")
    Path tasks;

    @Option(names = "--limit", description = "Probe only the first N tasks.")
    Integer limit;

    @Option(names = "--batch", defaultValue = "16", description = "Tasks read together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--report", paramLabel = "FILE.md",
            description = "The Markdown report (default: runs/eval/probe-MODEL-TASKS.md).")
    Path report;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be positive");
        }
        Path directory = ShippedModels.resolve(model);
        try (NeuralSynthesizer<?, ?, ?> loaded = NeuralSynthesizer.load(directory)) {
            if (!loaded.domain().name().equals("c")) {
                throw new IllegalArgumentException(directory + " is a " + loaded.domain().name()
                        + " model; the probe reads LaSynth's C executor");
            }
            NeuralSynthesizer<CProgram, CArray, CArray> synthesizer = (NeuralSynthesizer<CProgram, CArray, CArray>) loaded;
            List<ExecutorProbe.Task> probed = new ArrayList<>();
            int skipped = 0;
            for (SynthesisTasks.Loaded<CProgram, CArray, CArray> task : SynthesisTasks.read(synthesizer.domain(), tasks)) {
                if (limit != null && probed.size() >= limit) {
                    break;
                }
                List<Example<CArray, CArray>> given = task.task().given().stream().filter(e -> e.output() != null).toList();
                if (task.program() == null || given.size() != 5) {
                    skipped++;
                    continue;
                }
                probed.add(new ExecutorProbe.Task(given, task.program()));
            }
            if (skipped > 0) {
                System.err.println("skipped " + skipped + " tasks without a reference program or 5 given examples");
            }
            long start = System.nanoTime();
            ExecutorProbe.Report figures = ExecutorProbe.run(synthesizer, probed, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            String name = synthesizer.config().name();
            if (report == null) {
                report = Path.of("runs", "eval", "probe-" + directory.getFileName() + "-"
                        + tasks.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".md");
            }
            String markdown = String.format(Locale.ROOT, "# Executor probe: %s on %s%n%nModel `%s`, tasks `%s`, "
                    + "%.0f s.%n%n", name, tasks.getFileName(), directory, tasks, seconds) + figures.markdown();
            if (report.toAbsolutePath().getParent() != null) {
                Files.createDirectories(report.toAbsolutePath().getParent());
            }
            Files.writeString(report, markdown);
            System.out.print(markdown);
            System.out.printf(Locale.ROOT, "%nreport: %s%n", report);
        }
        return 0;
    }
}
