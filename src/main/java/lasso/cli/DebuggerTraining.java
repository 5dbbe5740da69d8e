package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelRules;
import lasso.model.sed.DebuggerConfig;
import lasso.model.sed.DebuggerTrainer;
import lasso.model.sed.KarelDebuggerNetwork;
import lasso.model.sed.NeuralDebugger;
import lasso.model.sed.RepairExample;
import lasso.model.sed.Repairs;
import lasso.model.sed.SynthesizerMistakes;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.model.synthesis.SynthesizerTrainer;
import me.tongfei.progressbar.ProgressBar;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code ./lasso train --model karel-sed|c-sed …}: SED's two training stages (models.md C.7).
 * Stage 1 (default): generated tasks, each step's programs mutated afresh 1–3 times (Karel traced
 * with the 250-action budget); {@code --io-from karel-lgrl} starts IOEmbed from the synthesizer's CNN.
 * Stage 2 ({@code --finetune SYNTHESIZER --init DIR}): the synthesizer decodes generated tasks (beam 32
 * and greedy); the top programs that fail a given example, with the task's program as the target, are
 * the data (kept in {@code --mistakes FILE}, read back when it exists).
 */
final class DebuggerTraining implements TrainCommand.ModelTraining {

    private static final int MAX_VALIDATION = 500;
    private static final int FINETUNE_BEAM = 32;

    @Override
    public int train(TrainCommand o) throws Exception {
        if (o.steps <= 0) {
            throw new IllegalArgumentException("--steps: a debugger needs a positive number of training steps");
        }
        if (o.generate <= 0 && (o.finetune == null || o.mistakes == null || !Files.exists(o.mistakes))) {
            throw new IllegalArgumentException("give the training tasks with --generate N (stage 2 may instead read "
                    + "an existing --mistakes FILE)");
        }
        if (o.finetune != null && o.init == null) {
            throw new IllegalArgumentException("--finetune starts from a pre-trained debugger: give it with --init DIR");
        }
        SynthesizerTrainer.seed(o.seed);
        NeuralDebugger<?, ?, ?> debugger;
        if (o.init != null) {
            if (!o.network.isEmpty()) {
                throw new IllegalArgumentException("--network does not apply with --init: the network is the one in "
                        + o.init);
            }
            debugger = NeuralDebugger.load(o.init);
            if (!debugger.config().name().equals(o.model)) {
                String found = debugger.config().name();
                debugger.close();
                throw new IllegalArgumentException(o.init + " holds " + found + ", not " + o.model);
            }
        } else {
            debugger = NeuralDebugger.create(DebuggerConfig.preset(o.model).with(o.network));
        }
        try (NeuralDebugger<?, ?, ?> d = debugger) {
            return train(d, o);
        }
    }

    @SuppressWarnings("unchecked")
    private <P, I, O> int train(NeuralDebugger<P, I, O> debugger, TrainCommand o) throws Exception {
        Domain<P, I, O> domain = debugger.domain();
        // SED traces its Karel training mutants with a 250-action budget
        Domain<P, I, O> tracer = domain instanceof KarelDomain ? (Domain<P, I, O>) new KarelDomain(KarelRules.near(250))
                : domain;
        Repairs<P, I, O> repairs = new Repairs<>(domain, tracer);
        ObjectNode record;
        if (o.ioFrom != null) {
            if (!(debugger.network() instanceof KarelDebuggerNetwork karel)) {
                throw new IllegalArgumentException("--io-from applies to Karel debuggers");
            }
            try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(ShippedModels.resolve(o.ioFrom))) {
                System.err.printf("IOEmbed: %d parameter arrays from %s%n", karel.copyIoTower(synthesizer.network()), o.ioFrom);
            }
        }
        List<Repairs.Source<P, I, O>> sources = new ArrayList<>();
        List<RepairExample<I, O>> train = new ArrayList<>();
        List<RepairExample<I, O>> validation = new ArrayList<>();
        List<Repairs.Source<P, I, O>> validationSources = new ArrayList<>();
        String data;
        DebuggerTrainer.Batches<I, O> batches;
        if (o.finetune == null) {
            sources = sources(domain, o);
            int validationSize = Math.min(MAX_VALIDATION, (int) Math.round(sources.size() * o.validation));
            SplittableRandom random = new SplittableRandom(o.seed + 17);
            for (Repairs.Source<P, I, O> source : sources.subList(0, validationSize)) {
                repairs.mutated(source, random).ifPresent(repair -> {
                    validation.add(repair);
                    validationSources.add(source);
                });
            }
            sources = List.copyOf(sources.subList(validationSize, sources.size()));
            batches = repairs.mutationBatches(sources, o.seed);
            data = "stage 1: mutations (1-3, P 1:2:3) of " + sources.size() + " generated tasks (seed " + o.seed
                    + ", options " + o.generatorOptions + "), " + validation.size() + " validation repairs";
        } else {
            List<SynthesizerMistakes.Mistake<P, I, O>> mistakes = mistakes(repairs, o);
            int validationSize = Math.min(MAX_VALIDATION, (int) Math.round(mistakes.size() * o.validation));
            for (int i = 0; i < mistakes.size(); i++) {
                SynthesizerMistakes.Mistake<P, I, O> mistake = mistakes.get(i);
                RepairExample<I, O> repair = repairs.repair(mistake.wrong(), mistake.source());
                if (i < validationSize) {
                    validation.add(repair);
                    validationSources.add(mistake.source());
                } else {
                    train.add(repair);
                }
            }
            if (train.isEmpty()) {
                throw new IllegalArgumentException("the synthesizer made no mistake to learn from");
            }
            batches = Repairs.fixedBatches(train, o.seed);
            if (o.replay > 0) {
                List<Repairs.Source<P, I, O>> tasks = mistakes.subList(validationSize, mistakes.size()).stream()
                        .map(SynthesizerMistakes.Mistake::source).distinct().toList();
                batches = Repairs.mixed(batches, repairs.mutationBatches(tasks, o.seed), o.replay);
            }
            data = "stage 2: " + mistakes.size() + " mistakes of " + o.finetune + " (beam " + FINETUNE_BEAM
                    + " and greedy) on generated tasks, " + train.size() + " for training, " + validation.size()
                    + " for validation" + (o.mistakes != null ? " (" + o.mistakes + ")" : "")
                    + (o.replay > 0 ? "; a share of " + o.replay + " of each batch are fresh mutations of their tasks"
                    : "");
        }
        System.err.printf(Locale.ROOT, "%s: %s%n", describe(debugger), data);
        int batch = o.batchSize == null ? 32 : o.batchSize;
        DebuggerTrainer.Options options = new DebuggerTrainer.Options(o.steps, batch, o.learningRate, o.decay,
                o.decaySteps, o.clip, o.checkpointEvery);
        List<Repairs.Source<P, I, O>> judged = validationSources;
        Listener listener = new Listener(o.steps);
        DebuggerTrainer.Outcome outcome;
        try {
            outcome = DebuggerTrainer.train(debugger, batches, validation,
                    (index, program) -> SynthesizerTraining.passesAll(domain, program, judged.get(index).all()),
                    options, o.checkpoints, o.resume, listener);
        } finally {
            listener.close();
        }
        record = outcome.record();
        record.put("command", o.commandLine);
        record.put("seed", o.seed);
        record.put("data", data);
        if (o.init != null) {
            record.put("initialised_from", o.init.toString());
            if (debugger.metadata().has("training")) {
                record.set("pretraining", debugger.metadata().get("training"));
            }
        }
        if (o.ioFrom != null) {
            record.put("io_embed_from", o.ioFrom);
        }
        record.put("machine", Runtime.getRuntime().availableProcessors() + " cores, one DJL thread");
        debugger.save(o.out, record);
        System.out.printf(Locale.ROOT, "saved %s (training %.0f s, %d steps)%n", o.out, outcome.seconds(), o.steps);
        return 0;
    }

    /** Generated tasks, minus those whose program is in an --exclude file. */
    private static <P, I, O> List<Repairs.Source<P, I, O>> sources(Domain<P, I, O> domain, TrainCommand o)
            throws IOException {
        Set<List<String>> excluded = SynthesisTasks.programs(domain, o.exclude);
        List<Repairs.Source<P, I, O>> sources = new ArrayList<>();
        int dropped = 0;
        for (SynthesisTasks.Loaded<P, I, O> task : SynthesisTasks.generate(domain, o.generatorOptions, o.generate, o.seed)) {
            if (excluded.contains(domain.tokens(task.program()))) {
                dropped++;
                continue;
            }
            sources.add(source(task.program(), task.task()));
        }
        System.err.printf(Locale.ROOT, "%d generated tasks, %d dropped as programs of %s%n", o.generate, dropped, o.exclude);
        return sources;
    }

    private static <P, I, O> Repairs.Source<P, I, O> source(P program, Task<I, O> task) {
        List<Example<I, O>> given = task.given().stream().filter(e -> e.output() != null).toList();
        return new Repairs.Source<>(program, given, task.examples());
    }

    /** Stage 2's data: read from --mistakes when it exists, else decoded now (and written there). */
    private static <P, I, O> List<SynthesizerMistakes.Mistake<P, I, O>> mistakes(Repairs<P, I, O> repairs,
                                                                               TrainCommand o) throws Exception {
        Domain<P, I, O> domain = repairs.domain();
        if (o.mistakes != null && Files.exists(o.mistakes)) {
            List<SynthesizerMistakes.Mistake<P, I, O>> read = readMistakes(domain, o.mistakes);
            System.err.printf(Locale.ROOT, "%d mistakes read from %s%n", read.size(), o.mistakes);
            return read;
        }
        List<Repairs.Source<P, I, O>> sources = sources(domain, o);
        List<SynthesizerMistakes.Mistake<P, I, O>> mistakes;
        try (NeuralSynthesizer<?, ?, ?> loaded = NeuralSynthesizer.load(ShippedModels.resolve(o.finetune))) {
            @SuppressWarnings("unchecked")
            NeuralSynthesizer<P, I, O> synthesizer = (NeuralSynthesizer<P, I, O>) loaded;
            if (!synthesizer.domain().name().equals(domain.name())) {
                throw new IllegalArgumentException(o.finetune + " is a " + synthesizer.domain().name() + " synthesizer");
            }
            try (ProgressBar progress = Progress.bar("decode " + o.finetune, 2L * sources.size())) {
                mistakes = SynthesizerMistakes.collect(synthesizer, sources, List.of(FINETUNE_BEAM, 1), 16,
                        progress::stepTo);
            }
        }
        if (o.mistakes != null) {
            writeMistakes(domain, mistakes, o.mistakes);
        }
        System.err.printf(Locale.ROOT, "%s: %d mistakes on %d tasks%n", o.finetune, mistakes.size(), sources.size());
        return mistakes;
    }

    private static <P, I, O> void writeMistakes(Domain<P, I, O> domain, List<SynthesizerMistakes.Mistake<P, I, O>> mistakes,
                                                Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            int n = 0;
            for (SynthesizerMistakes.Mistake<P, I, O> mistake : mistakes) {
                ObjectNode line = domain.taskFormat().write(new Task<>("mistake-" + n++,
                        domain.print(mistake.source().program()), mistake.source().all()));
                line.put("wrong", domain.print(mistake.wrong()));
                line.put("decoded_by", mistake.decodedBy());
                writer.write(JsonLines.MAPPER.writeValueAsString(line));
                writer.newLine();
            }
        }
    }

    private static <P, I, O> List<SynthesizerMistakes.Mistake<P, I, O>> readMistakes(Domain<P, I, O> domain, Path file)
            throws IOException {
        List<SynthesizerMistakes.Mistake<P, I, O>> mistakes = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode json = JsonLines.MAPPER.readTree(line);
                Task<I, O> task = domain.taskFormat().read(json);
                mistakes.add(new SynthesizerMistakes.Mistake<>(source(domain.parse(task.program()), task),
                        domain.parse(json.path("wrong").asText()), json.path("decoded_by").asText()));
            } catch (InvalidTaskException | ProgramSyntaxException e) {
                throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
            }
        }
        return mistakes;
    }

    private static String describe(NeuralDebugger<?, ?, ?> debugger) {
        DebuggerConfig c = debugger.config();
        return c.name() + " (embedding " + c.embedding() + ", hidden " + c.hidden() + ", io " + c.ioEmbedding()
                + ", TraceEmbed " + (c.traceEmbed() ? c.traceSize() + " over up to " + c.traceEvents() + " events" : "off")
                + ", grammar " + c.grammar() + ", " + debugger.network().getParameters().stream()
                .mapToLong(p -> p.getValue().getArray().size()).sum() + " parameters)";
    }

    /** A progress bar over the steps (loss and examples/s), and a line at every validation. */
    private static final class Listener implements DebuggerTrainer.Listener {

        private final long steps;
        private ProgressBar bar;

        Listener(long steps) {
            this.steps = steps;
        }

        @Override
        public void step(long step, long total, double loss, double examplesPerSecond) {
            if (bar == null) {
                bar = Progress.barFrom("train", steps, step - 1);
            }
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f, %.1f repairs/s", loss, examplesPerSecond));
        }

        @Override
        public void validated(long step, double loss, double repairAccuracy, double seconds) {
            close();
            System.err.printf(Locale.ROOT, "step %d: validation loss %.4f, repaired by the top edit %.3f, checkpoint "
                    + "written (%.1f s)%n", step, loss, repairAccuracy, seconds);
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
