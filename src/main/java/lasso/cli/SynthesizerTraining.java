package lasso.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.model.ModelDevice;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.SynthesizerConfig;
import lasso.model.synthesis.SynthesizerTrainer;
import me.tongfei.progressbar.ProgressBar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./lasso train --model karel-lgrl|c-lasynth|…}: tasks from a file or from the domain's
 * generator, a validation split, teacher-forced training with a progress bar, checkpoints, and the
 * model saved with its training record.
 */
final class SynthesizerTraining implements TrainCommand.ModelTraining {

    /** Validation tasks at most, and how many of them are decoded greedily at each checkpoint. */
    private static final int MAX_VALIDATION = 1000;
    private static final int VALIDATION_DECODES = 200;

    @Override
    public int train(TrainCommand o) throws Exception {
        SynthesizerConfig config = SynthesizerConfig.preset(o.model).with(o.network);
        if (o.steps <= 0) {
            throw new IllegalArgumentException("--steps: a synthesizer needs a positive number of training steps");
        }
        if ((o.data == null) == (o.generate <= 0)) {
            throw new IllegalArgumentException("give the training tasks with exactly one of --data FILE and --generate N");
        }
        if (o.init != null || o.finetune != null || o.mistakes != null) {
            // without this a synthesizer given --init would train from fresh weights without a word
            throw new IllegalArgumentException("--init, --finetune and --mistakes are for the debuggers; a synthesizer "
                    + "goes on from its weights with --resume and a copy of its checkpoint directory (--data may be new data)");
        }
        SynthesizerTrainer.seed(o.seed);
        try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.create(config)) {
            return train(synthesizer, o);
        }
    }

    private <P, I, O> int train(NeuralSynthesizer<P, I, O> synthesizer, TrainCommand o) throws Exception {
        Domain<P, I, O> domain = synthesizer.domain();
        Set<List<String>> excluded = SynthesisTasks.programs(domain, o.exclude);
        List<SynthesizerTrainer.Task<I, O>> tasks = new ArrayList<>();
        int dropped = 0;
        int longer = 0;
        int read = 0;
        int examplesPerTask = 5;
        // parsed programs are large (syntax tree, compiled code): keep only the token ids and the examples
        for (SynthesisTasks.Loaded<P, I, O> task : o.data != null ? SynthesisTasks.read(domain, o.data)
                : SynthesisTasks.generate(domain, o.generatorOptions, o.generate, o.seed)) {
            read++;
            if (task.program() == null) {
                continue;
            }
            if (excluded.contains(domain.tokens(task.program()))) {
                dropped++;
                continue;
            }
            SynthesizerTrainer.Task<I, O> training = SynthesisTasks.training(synthesizer, task.program(),
                    task.task().examples());
            if (training.program().length > synthesizer.config().maxLength()) {
                longer++;
                continue;
            }
            if (training.examples().size() < examplesPerTask) {
                throw new IllegalArgumentException("task " + task.task().id() + " has " + training.examples().size()
                        + " examples with outputs; the synthesizer reads " + examplesPerTask);
            }
            tasks.add(training);
        }
        if (tasks.size() < 2) {
            throw new IllegalArgumentException("too few training tasks: " + tasks.size());
        }
        int validationSize = Math.min(MAX_VALIDATION, (int) Math.round(tasks.size() * o.validation));
        List<SynthesizerTrainer.Task<I, O>> validation = List.copyOf(tasks.subList(0, validationSize));
        List<SynthesizerTrainer.Task<I, O>> train = List.copyOf(tasks.subList(validationSize, tasks.size()));
        String data = o.data != null ? o.data.toString()
                : "generated: " + o.generate + " tasks, seed " + o.seed + ", options " + o.generatorOptions;
        System.err.printf(Locale.ROOT, "%s: %d training tasks, %d validation (%s); %d dropped as programs of %s, "
                        + "%d longer than %d tokens%n", config(synthesizer), train.size(), validation.size(), data,
                dropped, o.exclude, longer, synthesizer.config().maxLength());
        int batch = o.batchSize == null ? 64 : o.batchSize;
        SynthesizerTrainer.Options options = new SynthesizerTrainer.Options(o.steps, batch, o.learningRate, o.decay,
                o.decaySteps, o.clip, examplesPerTask, o.seed, o.checkpointEvery, VALIDATION_DECODES, o.stateLossSteps);
        Listener listener = new Listener(o.steps, batch);
        SynthesizerTrainer.Outcome outcome;
        try {
            outcome = SynthesizerTrainer.train(synthesizer, train, validation, options, o.checkpoints, o.resume,
                    listener, (program, examples) -> passesAll(domain, program, examples));
        } finally {
            listener.close();
        }
        ObjectNode record = outcome.record();
        record.put("command", o.commandLine);
        record.put("data", data);
        record.put("tasks_read", read);
        record.put("dropped_as_test_programs", dropped);
        record.put("dropped_as_too_long", longer);
        Device device = ModelDevice.configured();
        record.put("machine", device.isGpu() ? "GPU " + device
                : Runtime.getRuntime().availableProcessors() + " cores, one DJL thread");
        synthesizer.save(o.out, record, true);
        System.out.printf(Locale.ROOT, "saved %s (training %.0f s, %d steps)%n", o.out, outcome.seconds(), o.steps);
        return 0;
    }

    private static String config(NeuralSynthesizer<?, ?, ?> synthesizer) {
        SynthesizerConfig c = synthesizer.config();
        return c.name() + " (" + c.architecture() + ", embedding " + c.embedding() + ", hidden " + c.hidden()
                + (SynthesizerConfig.LGRL.equals(c.architecture()) ? ", grid " + c.gridSide() + ", channels "
                + c.channels() + ", io " + c.ioEmbedding() : ", mlp " + c.mlpHidden() + ", exec every "
                + c.execPeriod()) + ", latent executor " + c.latentExecutor() + (c.latentExecutor() ? " (partial "
                + c.partialExecutor() + ")" : "") + (SynthesizerConfig.LASYNTH.equals(c.architecture())
                ? ", op predictor " + c.operationPredictor() + ", decoder attention " + c.decoderAttention() : "")
                + ", " + synthesizer.network().getParameters().stream().mapToLong(p -> p.getValue().getArray().size())
                .sum() + " parameters)";
    }

    static <P, I, O> boolean passesAll(Domain<P, I, O> domain, P program, List<Example<I, O>> examples) {
        for (Example<I, O> example : examples) {
            if (example.output() != null && !domain.passes(program, example)) {
                return false;
            }
        }
        return true;
    }

    /** A progress bar over the steps (loss and examples/s), and a line at every validation. */
    private static final class Listener implements SynthesizerTrainer.Listener {

        private final long steps;
        private final int batch;
        private ProgressBar bar;

        Listener(long steps, int batch) {
            this.steps = steps;
            this.batch = batch;
        }

        @Override
        public void step(long step, long total, SynthesizerTrainer.Losses losses, double examplesPerSecond) {
            if (bar == null) {
                bar = Progress.barFrom("train", steps, step - 1);
            }
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f (prog %.3f exec %.3f op %.3f state %.3f), "
                    + "%.1f examples/s, %.2f steps/s", losses.total(), losses.program(), losses.execution(),
                    losses.operation(), losses.state(), examplesPerSecond, examplesPerSecond / batch));
        }

        @Override
        public void validated(long step, SynthesizerTrainer.Losses validation, double greedyAccuracy, double seconds) {
            close();
            System.err.printf(Locale.ROOT, "step %d: %s, checkpoint written (%.1f s)%n", step, validation == null
                    ? "no validation" : String.format(Locale.ROOT, "validation loss %.4f (prog %.4f exec %.4f state "
                    + "%.4f), greedy accuracy %.3f", validation.total(), validation.program(), validation.execution(),
                    validation.state(), greedyAccuracy), seconds);
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
