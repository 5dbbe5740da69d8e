package lasso.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import lasso.model.sed.DebuggerConfig;
import lasso.model.ModelDevice;
import lasso.model.synthesis.SynthesizerConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {
                "Trains a model with a fixed seed, a progress bar, a checkpoint after every epoch and a validation "
                        + "split, and saves it with its training record (command, data, time, accuracy).",
                "Models: deepcoder (the DeepCoder attribute network; without --data it builds its data set "
                        + "from --length and --seed first); the neural synthesizers karel-lgrl, karel-lasynth, c-lasynth "
                        + "and LaSynth's ablations c-noexecutor, c-nopartialexecutor, c-noopredictor, c-noattention, "
                        + "c-robustfill (--steps, and --data or --generate); the SED debuggers karel-sed and c-sed "
                        + "(--steps, --generate; stage 2 with --finetune SYNTHESIZER --init DIR)."})
final class TrainCommand implements Callable<Integer> {

    /** Trains one kind of model from the command's options; a new model adds its line to {@link #MODELS}. */
    interface ModelTraining {
        int train(TrainCommand options) throws Exception;
    }

    private static final Map<String, ModelTraining> MODELS = models();

    private static Map<String, ModelTraining> models() {
        Map<String, ModelTraining> models = new TreeMap<>(Map.of("deepcoder", new DeepcoderTraining()));
        for (String name : SynthesizerConfig.PRESETS.keySet()) {
            models.put(name, new SynthesizerTraining());
        }
        for (String name : DebuggerConfig.PRESETS.keySet()) {
            models.put(name, new DebuggerTraining());
        }
        return models;
    }

    @Option(names = "--model", required = true, description = "The model to train (known: deepcoder, karel-lgrl, "
            + "karel-lasynth, c-lasynth, c-noexecutor, c-nopartialexecutor, c-noopredictor, c-noattention, c-robustfill, "
            + "karel-sed, c-sed).")
    String model;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Training tasks (the model's data format); without it the model builds its own data set.")
    Path data;

    @Option(names = "--test", paramLabel = "FILE", description = "Test tasks, evaluated after training.")
    Path test;

    @Option(names = "--length", defaultValue = "3", description = "Program length T of generated data (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--train-tasks", defaultValue = "100000",
            description = "Most training tasks to generate when --data is absent (default: ${DEFAULT-VALUE}).")
    int trainTasks;

    @Option(names = "--test-tasks", defaultValue = "500",
            description = "Test tasks to generate when --data is absent (default: ${DEFAULT-VALUE}).")
    int testTasks;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", description = "Tasks per step (default: 100 for deepcoder, 64 for the synthesizers).")
    Integer batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--validation", defaultValue = "0.02",
            description = "Fraction of the training tasks held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--fresh-examples", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Draw new examples for every training program after the first epoch (default: on).")
    boolean freshExamples;

    @Option(names = "--steps", description = "Synthesizers: training steps (batches).")
    long steps;

    @Option(names = "--generate", paramLabel = "N",
            description = "Synthesizers: train on N tasks drawn by the domain's generator with --seed (instead of --data).")
    int generate;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Synthesizers: a generator option for --generate (repeatable), as for ./lasso generate.")
    Map<String, String> generatorOptions = new LinkedHashMap<>();

    @Option(names = "--network", paramLabel = "KEY=VALUE",
            description = "Synthesizers and debuggers: a network setting over the model's preset (repeatable): embedding, "
                    + "hidden, mlp-hidden, max-length, exec-period, latent-executor, partial-executor, operation-predictor, "
                    + "decoder-attention, grid-side, channels, io-embedding; debuggers: trace-embed, trace-size, "
                    + "trace-events, extra-steps, grammar, trace-channels, value-embedding.")
    Map<String, String> network = new LinkedHashMap<>();

    @Option(names = "--exclude", paramLabel = "FILE",
            description = "Synthesizers: drop training tasks whose program is also in this task file (repeatable; the test set).")
    List<Path> exclude = new ArrayList<>();

    @Option(names = "--decay", defaultValue = "0.5",
            description = "Synthesizers: learning-rate factor per --decay-steps (default: ${DEFAULT-VALUE}).")
    double decay;

    @Option(names = "--decay-steps", defaultValue = "2500", description = "Synthesizers: see --decay (default: ${DEFAULT-VALUE}).")
    long decaySteps;

    @Option(names = "--clip", defaultValue = "5", description = "Synthesizers: gradient-norm clip (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Synthesizers: steps between validations and checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the trained model is written.")
    Path out;

    @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "Checkpoint directory (default: runs/checkpoints/MODEL-seedSEED).")
    Path checkpoints;

    @Option(names = "--resume", description = "Continue exactly from the checkpoint in the checkpoint directory: "
            + "its weights, step, learning rate and Adam's state (one written before Adam's state was kept restarts "
            + "Adam's moments). Synthesizers: --data may be other data than the checkpoint's, to go on training a "
            + "model on new data from a copy of its checkpoint.")
    boolean resume;

    @Option(names = "--init", paramLabel = "DIR", description = "Debuggers: start from this debugger's weights (stage 2).")
    Path init;

    @Option(names = "--finetune", paramLabel = "SYNTHESIZER",
            description = "Debuggers: stage 2, train on this synthesizer's mistakes (beam 32 and greedy) on the "
                    + "--generate tasks (a model directory or shipped name, e.g. karel-lgrl).")
    String finetune;

    @Option(names = "--mistakes", paramLabel = "FILE.jsonl",
            description = "Debuggers: stage 2's data; read when it exists, else decoded and written there.")
    Path mistakes;

    @Option(names = "--replay", defaultValue = "0", paramLabel = "SHARE",
            description = "Debuggers, stage 2: the share of each batch made of fresh mutations of the same tasks, so "
                    + "that the debugger keeps what stage 1 taught it (default: ${DEFAULT-VALUE}, SED's).")
    double replay;

    @Option(names = "--io-from", paramLabel = "SYNTHESIZER",
            description = "Karel debuggers: start IOEmbed from this LGRL synthesizer's CNN (same sizes), e.g. karel-lgrl.")
    String ioFrom;

    @Option(names = "--state-loss-steps", defaultValue = "0", paramLabel = "N",
            description = "LaSynth: add the intermediate-state loss L_state (the executor against the list after the "
                    + "statements completed so far; not in the paper) with a weight falling from 1 to 0 over the "
                    + "first N steps (default: ${DEFAULT-VALUE}, off).")
    long stateLossSteps;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N",
            description = "Where to train (default: the lasso.model.device property, cpu); a GPU needs DJL's PyTorch "
                    + "built for CUDA.")
    String device;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The command line as typed, recorded next to the weights. */
    String commandLine;

    @Override
    public Integer call() throws Exception {
        ModelTraining training = MODELS.get(model);
        if (training == null) {
            throw new IllegalArgumentException("unknown model '" + model + "' (known: " + String.join(", ", MODELS.keySet()) + ")");
        }
        commandLine = "./lasso " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs());
        if (device != null) {
            ModelDevice.parse(device); // a device the engine lacks fails before any work
            System.setProperty(ModelDevice.PROPERTY, device);
        }
        if (checkpoints == null) {
            checkpoints = Path.of("runs", "checkpoints", model + "-seed" + seed);
        }
        return training.train(this);
    }
}
