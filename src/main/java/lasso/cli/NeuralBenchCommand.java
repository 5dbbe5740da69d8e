package lasso.cli;

import lasso.bench.NeuralBench;
import lasso.domain.Domain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Command(name = "neural",
        mixinStandardHelpOptions = true,
        description = {
                "Proposals per second of a neural synthesizer (or debugger calls per second of a SED debugger, "
                        + "--model karel-sed) serving concurrent jobs, with dynamic batching across "
                        + "jobs and one decode at a time, side by side in one run (alternating, after a warm-up).",
                "Each job opens the NeuralBeamProposer's stream for its own task and takes its first batch (one beam "
                        + "search), again and again; a proposal is one candidate program handed to a job. Checks that "
                        + "batching hands every job the programs it gets alone. A debugger job edits a mutant of its "
                        + "task's program with a beam of --beam, again and again."})
final class NeuralBenchCommand implements Runnable {

    @Option(names = "--model", defaultValue = "c-lasynth", paramLabel = "DIR|NAME",
            description = "The synthesizer (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--tasks", paramLabel = "FILE.jsonl",
            description = "Tasks for the jobs (default: tasks from the domain's generator, seed 7).")
    Path tasks;

    @Option(names = "--jobs", defaultValue = "16", description = "Concurrent jobs (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--beam", defaultValue = "16", description = "Beam width of a job's first batch (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--requests", defaultValue = "4", description = "Streams each job opens per measurement (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--repeats", defaultValue = "2", description = "Measurements of each mode, alternating (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--max-wait-ms", defaultValue = "5", description = "How long a batch waits for more requests (default: ${DEFAULT-VALUE}).")
    int maxWaitMillis;

    @Override
    public void run() {
        NeuralBench.Settings settings = new NeuralBench.Settings(model, jobs, beam, requests, repeats, maxWaitMillis);
        new NeuralBench(settings, new NeuralBench.TaskSource() {
            @Override
            public <P, I, O> List<NeuralBench.JobTask<P, I, O>> tasks(Domain<P, I, O> domain) throws IOException {
                return jobTasks(domain);
            }
        }).run();
    }

    /** The task file's tasks, or the generator's (seed 7), with the examples each job is given. */
    private <P, I, O> List<NeuralBench.JobTask<P, I, O>> jobTasks(Domain<P, I, O> domain) throws IOException {
        List<SynthesisTasks.Loaded<P, I, O>> loaded = tasks != null ? SynthesisTasks.read(domain, tasks)
                : SynthesisTasks.generate(domain, generatorOptions(domain), jobs, 7);
        if (loaded.size() < jobs) {
            throw new IllegalArgumentException("--tasks has " + loaded.size() + " tasks for " + jobs + " jobs");
        }
        return loaded.stream().map(task -> new NeuralBench.JobTask<>(
                task.task().given().stream().filter(e -> e.output() != null).toList(), task.program())).toList();
    }

    private static Map<String, String> generatorOptions(Domain<?, ?, ?> domain) {
        return domain.name().equals("karel")
                ? Map.of("max-tokens", "30", "max-depth", "3")
                : Map.of("max-statements", "3", "max-locals", "0", "max-tokens", "48", "max-depth", "1");
    }
}
