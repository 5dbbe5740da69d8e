package lasso.model.synthesis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that fixes a synthesizer's network: its name, domain, architecture and sizes, and the
 * switches of LaSynth's ablations (models.md B.6). Stored next to the weights so that a model loads
 * with the shape it was trained with.
 *
 * @param architecture       {@code lgrl} (Karel, Bunel et al.) or {@code lasynth} (restricted C)
 * @param embedding          token embedding size (LaSynth: also the value, op and latent-state size E)
 * @param hidden             LaSynth: the encoders' LSTM size H (bidirectional, so 2H out; the decoder has
 *                           2H = E); LGRL: the decoder LSTM size
 * @param mlpHidden          LaSynth: the output MLP's hidden width
 * @param maxLength          longest program the decoder writes, in tokens
 * @param execPeriod         the latent executor runs after every {@code execPeriod} tokens
 * @param latentExecutor     the latent executor and L_exec (off: NoExecutor)
 * @param partialExecutor    the executor also runs every {@code execPeriod} tokens, not only at the end
 *                           (off: NoPartialExecutor)
 * @param operationPredictor the operation predictor and L_op (off: NoOpPredictor)
 * @param decoderAttention   attention over the decoded tokens (off: NoAttentionInDecoding)
 * @param gridSide           Karel: the side of the square of the 16-channel grid tensor the CNN reads
 *                           (the world plus its border)
 * @param channels           Karel: channels of each grid's first convolution (the trunk has twice as many)
 * @param ioEmbedding        Karel: size of an input/output pair's embedding
 * @param layers             LaSynth: layers of every LSTM (encoders, decoder, executor; the paper: 2)
 * @param inputStart         LaSynth: the decoder starts from the input encoder's final state alone, not its
 *                           sum with the output encoder's (issue 14: the sum lets L_exec be met by carrying
 *                           the output through the decoder's state instead of executing)
 * @param statementExecution LaSynth: the executor also runs in each row when a statement ends (a {@code ;}
 *                           outside parentheses, a closing block), before the next token is chosen
 * @param executorCell       LaSynth: the executor starts from the decoder's cell state as well as its h, as the
 *                           models shipped before issue 14 were trained (issue 14's models start its cell state
 *                           at zero); a model.json written before issue 14 (without {@code layers}) has it on
 */
public record SynthesizerConfig(String name, String domain, String architecture, int embedding, int hidden,
                                int mlpHidden, int maxLength, int execPeriod, boolean latentExecutor,
                                boolean partialExecutor, boolean operationPredictor, boolean decoderAttention,
                                int gridSide, int channels, int ioEmbedding, int layers, boolean inputStart,
                                boolean statementExecution, boolean executorCell) {

    public static final String LGRL = "lgrl";
    public static final String LASYNTH = "lasynth";

    public SynthesizerConfig {
        if (layers == 0) {
            // a model.json written before issue 14: one layer, and an executor started from the decoder's (h, c)
            layers = 1;
            executorCell = LASYNTH.equals(architecture) && latentExecutor;
        }
        if (!LGRL.equals(architecture) && !LASYNTH.equals(architecture)) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "' (known: lgrl, lasynth)");
        }
        positive("embedding", embedding);
        positive("hidden", hidden);
        positive("mlp-hidden", mlpHidden);
        positive("max-length", maxLength);
        positive("exec-period", execPeriod);
        positive("layers", layers);
        if (LASYNTH.equals(architecture) && embedding != 2 * hidden) {
            throw new IllegalArgumentException("LaSynth needs embedding = 2 × hidden (its attention over decoded "
                    + "tokens and its executor share sizes): embedding " + embedding + ", hidden " + hidden);
        }
        if (LGRL.equals(architecture)) {
            if (gridSide < 4 || gridSide > 18) {
                throw new IllegalArgumentException("grid-side must be in 4..18, not " + gridSide);
            }
            positive("channels", channels);
            positive("io-embedding", ioEmbedding);
            if (layers != 1 || inputStart || statementExecution || executorCell) {
                throw new IllegalArgumentException("layers, input-start, statement-execution and executor-cell are "
                        + "LaSynth's settings");
            }
        }
        if (statementExecution && !latentExecutor) {
            throw new IllegalArgumentException("statement-execution needs the latent executor");
        }
        if (executorCell && !latentExecutor) {
            throw new IllegalArgumentException("executor-cell needs the latent executor");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** The named models of issue 6: LGRL and LaSynth for Karel, LaSynth and its Table 4 ablations for C. */
    public static final Map<String, SynthesizerConfig> PRESETS = presets();

    private static Map<String, SynthesizerConfig> presets() {
        Map<String, SynthesizerConfig> presets = new LinkedHashMap<>();
        SynthesizerConfig lgrl = new SynthesizerConfig("karel-lgrl", "karel", LGRL, 64, 256, 1, 40, 4,
                false, false, false, false, 18, 32, 256, 1, false, false, false);
        presets.put(lgrl.name(), lgrl);
        presets.put("karel-lasynth", lgrl.renamed("karel-lasynth").with("latent-executor", "true")
                .with("partial-executor", "true"));
        // LaSynth as issue 14 ships it: the paper's 2-layer LSTMs at H = 128 (the paper: 512), the decoder
        // started from the input encoding, the executor at every statement end (the paper: every 16 tokens,
        // partial-executor=true statement-execution=false input-start=false).
        SynthesizerConfig lasynth = new SynthesizerConfig("c-lasynth", "c", LASYNTH, 256, 128, 256, 80, 16,
                true, false, true, true, 0, 0, 0, 2, true, true, false);
        presets.put(lasynth.name(), lasynth);
        // the ablations drop one part each; without an executor the decoder starts from both encoders, as in the paper
        presets.put("c-noexecutor", lasynth.renamed("c-noexecutor").with(Map.of("latent-executor", "false",
                "input-start", "false")));
        presets.put("c-nopartialexecutor", lasynth.renamed("c-nopartialexecutor").with("statement-execution", "false"));
        presets.put("c-noopredictor", lasynth.renamed("c-noopredictor").with("operation-predictor", "false"));
        presets.put("c-noattention", lasynth.renamed("c-noattention").with("decoder-attention", "false"));
        presets.put("c-robustfill", lasynth.renamed("c-robustfill").with(Map.of("latent-executor", "false",
                "input-start", "false", "operation-predictor", "false", "decoder-attention", "false")));
        return Map.copyOf(presets);
    }

    /** The preset called {@code name}. @throws IllegalArgumentException listing the known names */
    public static SynthesizerConfig preset(String name) {
        SynthesizerConfig config = PRESETS.get(name);
        if (config == null) {
            throw new IllegalArgumentException("unknown model '" + name + "' (known: "
                    + String.join(", ", new TreeMap<>(PRESETS).keySet()) + ")");
        }
        return config;
    }

    public SynthesizerConfig renamed(String newName) {
        return new SynthesizerConfig(newName, domain, architecture, embedding, hidden, mlpHidden, maxLength,
                execPeriod, latentExecutor, partialExecutor, operationPredictor, decoderAttention, gridSide, channels,
                ioEmbedding, layers, inputStart, statementExecution, executorCell);
    }

    /** The option keys {@link #with} knows, as the command line writes them. */
    public static final List<String> KEYS = List.of("embedding", "hidden", "mlp-hidden", "max-length",
            "exec-period", "latent-executor", "partial-executor", "operation-predictor", "decoder-attention",
            "grid-side", "channels", "io-embedding", "layers", "input-start", "statement-execution", "executor-cell");

    /** This configuration with one field changed. @see #with(Map) */
    public SynthesizerConfig with(String key, String value) {
        return with(Map.of(key, value));
    }

    /**
     * This configuration with fields changed ({@code --set key=value} on the command line), checked
     * once all are applied.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public SynthesizerConfig with(Map<String, String> settings) {
        int e = embedding;
        int h = hidden;
        int mlp = mlpHidden;
        int max = maxLength;
        int period = execPeriod;
        boolean latent = latentExecutor;
        boolean partial = partialExecutor;
        boolean op = operationPredictor;
        boolean attention = decoderAttention;
        int side = gridSide;
        int c = channels;
        int io = ioEmbedding;
        int lstmLayers = layers;
        boolean start = inputStart;
        boolean statements = statementExecution;
        boolean cell = executorCell;
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            String value = setting.getValue();
            switch (key) {
                case "embedding" -> e = integer(key, value);
                case "hidden" -> h = integer(key, value);
                case "mlp-hidden" -> mlp = integer(key, value);
                case "max-length" -> max = integer(key, value);
                case "exec-period" -> period = integer(key, value);
                case "latent-executor" -> latent = bool(key, value);
                case "partial-executor" -> partial = bool(key, value);
                case "operation-predictor" -> op = bool(key, value);
                case "decoder-attention" -> attention = bool(key, value);
                case "grid-side" -> side = integer(key, value);
                case "channels" -> c = integer(key, value);
                case "io-embedding" -> io = integer(key, value);
                case "layers" -> lstmLayers = integer(key, value);
                case "input-start" -> start = bool(key, value);
                case "statement-execution" -> statements = bool(key, value);
                case "executor-cell" -> cell = bool(key, value);
                default -> throw new IllegalArgumentException("unknown model setting '" + key + "' (known: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        return new SynthesizerConfig(name, domain, architecture, e, h, mlp, max, period, latent, partial && latent, op,
                attention, side, c, io, lstmLayers, start, statements && latent, cell && latent);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an integer");
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
        };
    }
}
