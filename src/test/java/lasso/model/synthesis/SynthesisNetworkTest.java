package lasso.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every network and switch on tiny sizes: shapes, masks, training against decoding, gradients. */
class SynthesisNetworkTest {

    /** LaSynth as the paper runs it: the executor every few tokens, the decoder from both encoders (tiny: one layer). */
    private static final String PAPER = "c-lasynth:partial-executor=true,statement-execution=false,input-start=false";
    /** As the models shipped before issue 14 run: the paper's switches, the executor from the decoder's (h, c). */
    private static final String SHIPPED = PAPER + ",executor-cell=true";

    /** Per-token log-probabilities of teacher forcing (from L_prog) and of step-by-step decoding must agree. */
    @ParameterizedTest
    @ValueSource(strings = {"c-lasynth", "c-noexecutor", "c-nopartialexecutor", "c-noopredictor", "c-noattention",
            "c-robustfill", "karel-lgrl", "karel-lasynth", PAPER, "c-lasynth:partial-executor=true,exec-period=3",
            "c-lasynth:layers=2", "c-noexecutor:input-start=true,layers=2", SHIPPED, "c-lasynth:layers=2,executor-cell=true",
            "c-lasynth:input-start=false"})
    void teacherForcingAndStepwiseDecodingAgreeAndEveryLogitHasTheVocabularyShape(String preset) {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 5)) {
            SynthesisNetwork<Object, Object> network = synthesizer.network();
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 3, 9);
            for (SynthesizerTrainer.Task<Object, Object> task : tasks) {
                List<List<Example<Object, Object>>> given = List.of(task.examples().subList(0, 5));
                int[] target = task.program();
                double forced;
                try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager()) {
                    NDList losses = network.forward(new ParameterStore(manager, false),
                            network.trainingInputs(manager, given, new int[][] {target}), false);
                    assertEquals(preset.startsWith("c-") ? 5 : 4, losses.size(), "LaSynth adds L_state");
                    for (NDArray loss : losses) {
                        assertEquals(0, loss.getShape().dimension(), "a scalar loss");
                        assertTrue(Float.isFinite(loss.getFloat()));
                    }
                    forced = -losses.get(1).getFloat() * target.length;
                }
                double stepwise = 0;
                try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager();
                     DecodingState state = network.startDecoding(new ParameterStore(manager, false), manager, given)) {
                    SyntaxMask mask = network.newMask();
                    float[] logProbabilities = new float[network.vocabularySize()];
                    int previous = network.startToken();
                    for (int token : target) {
                        float[] logits = state.step(new int[] {previous});
                        assertEquals(network.vocabularySize(), logits.length);
                        BeamSearch.normalise(logits, 0, network.vocabularySize(), mask, logProbabilities);
                        stepwise += logProbabilities[token];
                        mask.accept(token);
                        previous = token;
                        state.select(new int[] {0});
                    }
                    assertTrue(mask.complete());
                }
                assertEquals(forced, stepwise, 1e-3 * Math.max(1, Math.abs(forced)), preset + ": " + forced + " vs " + stepwise);
            }
        }
    }

    /**
     * A beam search's reordering moves every row with its task: rows duplicated and swapped across two
     * tasks give, over several executor periods, the logits each task's row gets when decoded alone.
     */
    @ParameterizedTest
    @ValueSource(strings = {"c-lasynth", "c-noexecutor", "karel-lgrl", "karel-lasynth", PAPER, "c-lasynth:layers=2",
            SHIPPED})
    void reorderedRowsDecodeAsTheirTaskAlone(String preset) {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 7)) {
            SynthesisNetwork<Object, Object> network = synthesizer.network();
            List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 2, 11);
            List<List<Example<Object, Object>>> given = TinyModels.given(tasks);
            int[] fed = tasks.get(0).program();
            int steps = Math.min(fed.length, 10);
            int[] order = {1, 0, 1}; // after the first step: task 1, task 0, task 1
            float[][] together = decode(network, synthesizer, given, fed, steps, order);
            int vocabulary = network.vocabularySize();
            for (int task = 0; task < 2; task++) {
                float[][] alone = decode(network, synthesizer, List.of(given.get(task)), fed, steps, new int[] {0});
                for (int t = 1; t < steps; t++) {
                    for (int row = 0; row < order.length; row++) {
                        if (order[row] != task) {
                            continue;
                        }
                        for (int v = 0; v < vocabulary; v++) {
                            assertEquals(alone[t][v], together[t][row * vocabulary + v], 1e-4,
                                    preset + ": step " + t + ", row " + row + ", token " + v);
                        }
                    }
                }
            }
        }
    }

    /**
     * Issue 14: the executor runs in each row when that row's statement ends. Two tasks fed their own
     * programs, whose statements end at different steps, decode together as each alone.
     */
    @Test
    void rowsWhoseStatementsEndAtDifferentStepsDecodeAsEachAlone() {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer =
                     TinyModels.create("c-lasynth", 8)) {
            SynthesisNetwork<Object, Object> network = synthesizer.network();
            List<SynthesizerTrainer.Task<Object, Object>> candidates = TinyModels.tasks(synthesizer, 6, 12);
            List<SynthesizerTrainer.Task<Object, Object>> tasks = List.of(candidates.get(0), candidates.stream()
                    .filter(t -> !Arrays.equals(ends(t.program()), ends(candidates.get(0).program()))).findFirst()
                    .orElseThrow());
            List<List<Example<Object, Object>>> given = TinyModels.given(tasks);
            int steps = Math.min(tasks.get(0).program().length, tasks.get(1).program().length);
            float[][] together = decodeOwn(network, synthesizer, given, tasks, steps);
            int vocabulary = network.vocabularySize();
            for (int task = 0; task < 2; task++) {
                float[][] alone = decodeOwn(network, synthesizer, given.subList(task, task + 1),
                        tasks.subList(task, task + 1), steps);
                for (int t = 0; t < steps; t++) {
                    for (int v = 0; v < vocabulary; v++) {
                        assertEquals(alone[t][v], together[t][task * vocabulary + v], 1e-5,
                                "task " + task + ", step " + t + ", token " + v);
                    }
                }
            }
        }
    }

    /**
     * executor-cell: the same weights decode alike until the executor first runs (every 4 tokens here),
     * then differently, the executor starting from the decoder's cell state instead of zero.
     */
    @Test
    void executorCellStartsTheExecutorFromTheDecodersCellState() {
        float[][][] logits = new float[2][][];
        int steps = 8;
        for (int i = 0; i < 2; i++) {
            try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(i == 0 ? PAPER : SHIPPED, 4)) {
                List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 8, 13).stream()
                        .filter(t -> t.program().length > steps).limit(1).toList();
                logits[i] = decodeOwn(synthesizer.network(), synthesizer, TinyModels.given(tasks), tasks, steps);
            }
        }
        double largest = 0;
        for (int t = 0; t < steps; t++) {
            for (int v = 0; v < logits[0][t].length; v++) {
                double difference = Math.abs(logits[0][t][v] - logits[1][t][v]);
                if (t < 4) {
                    assertEquals(0, difference, 1e-6, "before the executor runs: step " + t + ", token " + v);
                }
                largest = Math.max(largest, difference);
            }
        }
        assertTrue(largest > 1e-4, "after the executor runs the logits differ (largest difference " + largest + ")");
    }

    /** Where each token of a program ends a statement. */
    private static boolean[] ends(int[] program) {
        lasso.domain.Vocabulary vocabulary = new lasso.domain.c.CDomain().vocabulary();
        return lasso.domain.c.CStatementEnds.ends(Arrays.stream(program).mapToObj(vocabulary::token).toList());
    }

    /** Each step's logits, each row fed its own task's program. */
    private static float[][] decodeOwn(SynthesisNetwork<Object, Object> network,
                                       NeuralSynthesizer<Object, Object, Object> synthesizer,
                                       List<List<Example<Object, Object>>> given,
                                       List<SynthesizerTrainer.Task<Object, Object>> tasks, int steps) {
        float[][] logits = new float[steps][];
        try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager();
             DecodingState state = network.startDecoding(new ParameterStore(manager, false), manager, given)) {
            for (int t = 0; t < steps; t++) {
                int[] tokens = new int[tasks.size()];
                for (int row = 0; row < tokens.length; row++) {
                    tokens[row] = t == 0 ? network.startToken() : tasks.get(row).program()[t - 1];
                }
                logits[t] = state.step(tokens);
                state.select(IntStream.range(0, tasks.size()).toArray());
            }
        }
        return logits;
    }

    /** Each step's logits, feeding every row the same tokens; {@code order} selects the rows after step 0. */
    private static float[][] decode(SynthesisNetwork<Object, Object> network,
                                    NeuralSynthesizer<Object, Object, Object> synthesizer,
                                    List<List<Example<Object, Object>>> given, int[] fed, int steps, int[] order) {
        float[][] logits = new float[steps][];
        try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager();
             DecodingState state = network.startDecoding(new ParameterStore(manager, false), manager, given)) {
            int previous = network.startToken();
            for (int t = 0; t < steps; t++) {
                int[] tokens = new int[state.rows()];
                Arrays.fill(tokens, previous);
                logits[t] = state.step(tokens);
                state.select(t == 0 ? order : IntStream.range(0, order.length).toArray());
                previous = fed[t];
            }
        }
        return logits;
    }

    /** B.5: the executor runs per sequence, so a task's loss does not depend on the other tasks of its batch. */
    @ParameterizedTest
    @ValueSource(strings = {"c-lasynth", "c-nopartialexecutor", "karel-lasynth", PAPER})
    void lossesDoNotDependOnTheBatch(String preset) {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 6)) {
            List<SynthesizerTrainer.Task<Object, Object>> candidates = TinyModels.tasks(synthesizer, 8, 4);
            SynthesizerTrainer.Task<Object, Object> other = candidates.stream()
                    .filter(t -> t.program().length != candidates.get(0).program().length).findFirst().orElseThrow();
            List<SynthesizerTrainer.Task<Object, Object>> tasks = List.of(candidates.get(0), other);
            double[] alone = new double[2];
            int[] lengths = new int[2];
            for (int i = 0; i < 2; i++) {
                float[] losses = losses(synthesizer, tasks.subList(i, i + 1));
                alone[i] = losses[1];
                lengths[i] = tasks.get(i).program().length;
                assertEquals(losses[0], losses[1] + losses[2] + losses[3], 1e-4);
            }
            assertFalse(lengths[0] == lengths[1], "the two programs end at different steps");
            float[] together = losses(synthesizer, tasks);
            double program = (alone[0] * lengths[0] + alone[1] * lengths[1]) / (lengths[0] + lengths[1]);
            assertEquals(program, together[1], 1e-4, "L_prog is the token-weighted mean");
            float[] first = losses(synthesizer, tasks.subList(0, 1));
            float[] second = losses(synthesizer, tasks.subList(1, 2));
            assertEquals((first[2] + second[2]) / 2, together[2], 1e-4, "L_exec is the mean of each task's own end");
        }
    }

    private static float[] losses(NeuralSynthesizer<Object, Object, Object> synthesizer,
                                  List<SynthesizerTrainer.Task<Object, Object>> tasks) {
        int[][] targets = tasks.stream().map(SynthesizerTrainer.Task::program).toArray(int[][]::new);
        try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager()) {
            NDList losses = synthesizer.network().forward(new ParameterStore(manager, false),
                    synthesizer.network().trainingInputs(manager, TinyModels.given(tasks), targets), false);
            float[] values = new float[4];
            for (int i = 0; i < 4; i++) {
                values[i] = losses.get(i).getFloat();
            }
            return values;
        }
    }

    /** The gradient of one loss (index into the losses) of a fresh network, summed per parameter. */
    private static Map<String, Double> gradients(String preset, int loss) {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 3)) {
            return gradients(synthesizer, loss);
        }
    }

    private static Map<String, Double> gradients(NeuralSynthesizer<Object, Object, Object> synthesizer, int loss) {
        List<SynthesizerTrainer.Task<Object, Object>> tasks = TinyModels.tasks(synthesizer, 4, 2);
        int[][] targets = tasks.stream().map(SynthesizerTrainer.Task::program).toArray(int[][]::new);
        Map<String, Double> sums = new HashMap<>();
        try (Trainer trainer = synthesizer.djlModel().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
            trainer.initialize(new ai.djl.ndarray.types.Shape(1));
            try (NDManager manager = trainer.getManager().newSubManager()) {
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList losses = trainer.forward(synthesizer.network().trainingInputs(manager,
                            TinyModels.given(tasks), targets));
                    collector.backward(losses.get(loss));
                }
                for (Pair<String, Parameter> parameter : synthesizer.network().getParameters()) {
                    NDArray gradient = parameter.getValue().getArray().getGradient();
                    sums.put(parameter.getKey(), (double) gradient.abs().sum().getFloat());
                    gradient.close();
                }
            }
        }
        return sums;
    }

    private static double sum(Map<String, Double> gradients, String part) {
        return gradients.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void executionAndOperationLossesReachTheirParameters() {
        {
            Map<String, Double> execution = gradients("c-lasynth", 2);
            assertTrue(sum(execution, "executor_weights") > 0, "L_exec reaches the executor's LSTM");
            assertTrue(sum(execution, "executor_out") > 0);
            assertTrue(sum(execution, "decoder") > 0, "and the decoder state it starts from");
            assertTrue(execution.get("values") > 0, "and the value embeddings");
            assertEquals(0, sum(execution, "mlp"), "but not the output layer");
            Map<String, Double> operation = gradients("c-lasynth", 3);
            assertTrue(sum(operation, "keys") > 0, "L_op reaches the operation predictor's keys");
            assertTrue(operation.get("values") > 0);
            assertEquals(0, sum(operation, "decoder"));
            Map<String, Double> program = gradients("c-lasynth", 1);
            assertTrue(program.get("operations") > 0, "the decoder reads the predicted operations");
            assertTrue(sum(program, "attend_history") > 0);
        }
        {
            Map<String, Double> execution = gradients("karel-lasynth", 2);
            assertTrue(sum(execution, "update") > 0, "Karel's L_exec reaches the latent update");
            assertTrue(sum(execution, "input_conv") > 0);
        }
    }

    @Test
    void ablationsDropTheirParts() {
        assertTrue(parameters("c-lasynth").stream().anyMatch(name -> name.contains("executor")));
        assertFalse(parameters("c-noexecutor").stream().anyMatch(name -> name.contains("executor")));
        assertTrue(parameters("c-nopartialexecutor").stream().anyMatch(name -> name.contains("executor")));
        assertFalse(parameters("c-noopredictor").stream().anyMatch(name -> name.contains("keys")));
        assertFalse(parameters("c-noattention").stream().anyMatch(name -> name.contains("history")));
        List<String> robustfill = parameters("c-robustfill");
        assertFalse(robustfill.stream().anyMatch(name -> name.contains("executor") || name.contains("keys")
                || name.contains("history") || name.contains("operations")));
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create("c-noexecutor", 1)) {
            float[] losses = losses(synthesizer, TinyModels.tasks(synthesizer, 2, 1));
            assertEquals(0, losses[2], "no L_exec without an executor");
        }
    }

    private static List<String> parameters(String preset) {
        try (NeuralSynthesizer<Object, Object, Object> synthesizer = TinyModels.create(preset, 1)) {
            return synthesizer.network().getParameters().keys();
        }
    }
}
