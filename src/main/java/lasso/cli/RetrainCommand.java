package lasso.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.model.synthesis.SynthesisEvaluation;
import lasso.model.synthesis.SynthesizerTrainer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "retrain",
        mixinStandardHelpOptions = true,
        description = {
                "LaSynth's iterative retraining (models.md A.7): the trained synthesizer decodes its training tasks; "
                        + "where the first program of the beam that passes the given examples also passes all of the "
                        + "task's examples and is shorter than the reference, it replaces the reference; training then "
                        + "goes on from the model on the new programs.",
                "Reports the change in program length and, with --test, the generalization before and after."})
final class RetrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|NAME", description = "The trained synthesizer.")
    String model;

    @Option(names = "--data", paramLabel = "FILE", description = "The training tasks.")
    Path data;

    @Option(names = "--generate", paramLabel = "N", description = "Or N tasks from the domain's generator with --seed.")
    int generate;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A generator option for --generate (repeatable).")
    Map<String, String> generatorOptions = new LinkedHashMap<>();

    @Option(names = "--exclude", paramLabel = "FILE",
            description = "Drop training tasks whose program is also in this task file (repeatable; the test set).")
    List<Path> exclude = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Seed of --generate and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--beam", defaultValue = "8", description = "Beam width for decoding the training tasks (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--steps", required = true, description = "Training steps on the rewritten data.")
    long steps;

    @Option(names = "--batch-size", defaultValue = "64", description = "Tasks per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.0003", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--test", paramLabel = "FILE", description = "Test tasks: generalization before and after.")
    Path test;

    @Option(names = "--test-beam", defaultValue = "32", description = "Beam width on the test tasks (default: ${DEFAULT-VALUE}).")
    int testBeam;

    @Option(names = "--control",
            description = "Decode and count as usual but train on the original programs: the same further steps "
                    + "without the shorter programs, to tell their effect from the extra training's.")
    boolean control;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the retrained model is written.")
    Path out;

    @Option(names = "--report", paramLabel = "FILE.md", description = "The Markdown report (default: OUT/retrain.md).")
    Path report;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((data == null) == (generate <= 0)) {
            throw new IllegalArgumentException("give the training tasks with exactly one of --data FILE and --generate N");
        }
        Path directory = ShippedModels.resolve(model);
        try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(directory)) {
            retrain(synthesizer, directory);
        }
        return 0;
    }

    private <P, I, O> void retrain(NeuralSynthesizer<P, I, O> synthesizer, Path directory) throws IOException {
        Domain<P, I, O> domain = synthesizer.domain();
        List<SynthesisTasks.Loaded<P, I, O>> loaded = data != null ? SynthesisTasks.read(domain, data)
                : SynthesisTasks.generate(domain, generatorOptions, generate, seed);
        Set<List<String>> excluded = SynthesisTasks.programs(domain, exclude);
        List<SynthesisTasks.Loaded<P, I, O>> usable = loaded.stream()
                .filter(t -> t.program() != null && !excluded.contains(domain.tokens(t.program()))).toList();
        double testBefore = Double.NaN;
        List<SynthesisEvaluation.Case<P, I, O>> testCases = test == null ? List.of() : EvalCommand.cases(domain, test, null);
        if (test != null) {
            testBefore = generalization(synthesizer, testCases, "test (before)");
        }
        long start = System.nanoTime();
        List<SynthesizerTrainer.Task<I, O>> rewritten = new ArrayList<>(usable.size());
        long lengthBefore = 0;
        long lengthAfter = 0;
        int replaced = 0;
        int solved = 0;
        int batch = 16;
        try (ProgressBar progress = Progress.bar("decode training tasks", usable.size())) {
            for (int from = 0; from < usable.size(); from += batch) {
                List<SynthesisTasks.Loaded<P, I, O>> part = usable.subList(from, Math.min(usable.size(), from + batch));
                List<List<Example<I, O>>> given = part.stream().map(t -> given(t.task().examples())).toList();
                List<List<Decoded<P>>> decoded = synthesizer.decode(given, beam);
                for (int i = 0; i < part.size(); i++) {
                    SynthesisTasks.Loaded<P, I, O> task = part.get(i);
                    SynthesisEvaluation.Result<P> result = SynthesisEvaluation.judge(domain,
                            new SynthesisEvaluation.Case<>(task.task().id(), given.get(i), task.task().examples(),
                                    task.program()), decoded.get(i));
                    P program = task.program();
                    int reference = domain.tokens(program).size();
                    if (result.generalizes()) {
                        solved++;
                        if (domain.tokens(result.answer()).size() < reference) {
                            replaced++;
                            if (!control) {
                                program = result.answer();
                            }
                        }
                    }
                    lengthBefore += reference;
                    lengthAfter += domain.tokens(program).size();
                    rewritten.add(SynthesisTasks.training(synthesizer, program, task.task().examples()));
                }
                progress.stepTo(from + part.size());
            }
        }
        double decodeSeconds = (System.nanoTime() - start) / 1e9;
        String shorter = control ? "with a shorter answer (control: programs kept)" : "replaced by a shorter program";
        System.err.printf(Locale.ROOT, "%d training tasks: %d solved (all examples), %d %s; "
                        + "mean length %.2f -> %.2f tokens (%.0f s)%n", usable.size(), solved, replaced, shorter,
                (double) lengthBefore / usable.size(), (double) lengthAfter / usable.size(), decodeSeconds);
        SynthesizerTrainer.Options options = new SynthesizerTrainer.Options(steps, batchSize, learningRate, 0.5, 2500,
                5, 5, seed, Math.max(1, steps), 0);
        SynthesizerTrainer.Outcome outcome;
        try (ProgressBar progress = Progress.bar("retrain", steps)) {
            outcome = SynthesizerTrainer.train(synthesizer, rewritten, List.of(), options, out.resolve("checkpoint"),
                    false, new SynthesizerTrainer.Listener() {
                        @Override
                        public void step(long step, long total, SynthesizerTrainer.Losses losses, double examplesPerSecond) {
                            progress.stepTo(step);
                            progress.setExtraMessage(String.format(Locale.ROOT, " loss %.3f", losses.total()));
                        }

                        @Override
                        public void validated(long step, SynthesizerTrainer.Losses validation, double accuracy, double seconds) {
                        }
                    }, (program, examples) -> true);
        }
        double testAfter = test == null ? Double.NaN : generalization(synthesizer, testCases, "test (after)");
        ObjectNode record = outcome.record();
        record.put("command", "./lasso " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs()));
        record.put("retrained_from", directory.toString());
        record.put("decoded_tasks", usable.size());
        record.put("solved", solved);
        record.put("replaced", replaced);
        record.put("control", control);
        record.put("mean_length_before", (double) lengthBefore / usable.size());
        record.put("mean_length_after", (double) lengthAfter / usable.size());
        record.put("decode_seconds", Math.round(decodeSeconds));
        if (test != null) {
            record.put("test_generalization_before", testBefore);
            record.put("test_generalization_after", testAfter);
        }
        synthesizer.save(out, record, true);
        String text = String.format(Locale.ROOT, "# Iterative retraining of %s%n%n"
                        + "| | value |%n|---|---|%n"
                        + "| training tasks decoded (beam %d) | %d |%n"
                        + "| solved (the answer passes all examples) | %d (%.1f%%) |%n"
                        + "| %s | %d (%.1f%%) |%n"
                        + "| mean program length | %.2f → %.2f tokens |%n"
                        + "| further training | %d steps, %.0f s |%n"
                        + "| test generalization (beam %d) | %s → %s |%n",
                directory, beam, usable.size(), solved, 100.0 * solved / usable.size(),
                shorter, replaced,
                100.0 * replaced / usable.size(), (double) lengthBefore / usable.size(),
                (double) lengthAfter / usable.size(), steps, outcome.seconds(), testBeam, percent(testBefore),
                percent(testAfter));
        Path file = report != null ? report : out.resolve("retrain.md");
        Files.writeString(file, text);
        System.out.print(text);
    }

    private <P, I, O> double generalization(NeuralSynthesizer<P, I, O> synthesizer,
                                            List<SynthesisEvaluation.Case<P, I, O>> cases, String label) {
        List<SynthesisEvaluation.Result<P>> results;
        try (ProgressBar progress = Progress.bar(label, cases.size())) {
            results = SynthesisEvaluation.run(synthesizer, cases, testBeam, 16, progress::stepTo);
        }
        return 100.0 * results.stream().filter(SynthesisEvaluation.Result::generalizes).count() / results.size();
    }

    private static <I, O> List<Example<I, O>> given(List<Example<I, O>> examples) {
        return examples.stream().filter(e -> !e.heldout() && e.output() != null).limit(5).toList();
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f%%", value);
    }
}
