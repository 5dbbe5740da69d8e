package lasso.model.lasynth;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CProgram;
import lasso.domain.c.CStatementEnds;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.SynthesizerConfig;
import lasso.model.synthesis.SynthesizerTrainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe on a hand-built network state: an executor whose Î is the value v at every position,
 * whatever it reads, so that every figure the probe reports is the share of true values equal to v,
 * counted here from the interpreter alone; with another task's program the final Î_T is the same.
 */
class ExecutorProbeTest {

    private static final CDomain DOMAIN = new CDomain();
    private static final int E = 16;

    private static NeuralSynthesizer<CProgram, CArray, CArray> constantExecutor(int value) {
        return constantExecutor(value, true);
    }

    /** @param statements the executor runs at statement ends too (off: only at the program's end, NoPartialExecutor) */
    @SuppressWarnings("unchecked")
    private static NeuralSynthesizer<CProgram, CArray, CArray> constantExecutor(int value, boolean statements) {
        SynthesizerTrainer.seed(2);
        SynthesizerConfig config = SynthesizerConfig.preset("c-lasynth").with(Map.of("embedding", Integer.toString(E),
                "hidden", Integer.toString(E / 2), "mlp-hidden", "12", "max-length", "60",
                "statement-execution", Boolean.toString(statements), "partial-executor", "false"));
        NeuralSynthesizer<CProgram, CArray, CArray> synthesizer =
                (NeuralSynthesizer<CProgram, CArray, CArray>) NeuralSynthesizer.create(config);
        for (Pair<String, Parameter> parameter : synthesizer.network().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            switch (parameter.getKey().replaceFirst("^\\d+", "")) { // DJL numbers the child blocks' parameters
                case "values" -> { // the candidates −4..4 (rows 12..20) become the first nine unit vectors
                    float[] table = array.toFloatArray();
                    for (int j = 0; j < 9; j++) {
                        for (int d = 0; d < E; d++) {
                            table[(12 + j) * E + d] = d == j ? 1 : 0;
                        }
                    }
                    array.set(table);
                }
                case "executor_out_weight" -> array.set(new float[(int) array.size()]);
                case "executor_out_bias" -> {
                    float[] bias = new float[E];
                    bias[value + 4] = 10;
                    array.set(bias);
                }
                default -> {
                }
            }
        }
        return synthesizer;
    }

    private static List<ExecutorProbe.Task> tasks() {
        TaskGenerator<CProgram, CArray, CArray> generator = DOMAIN.generator(Map.of("min-statements", "2",
                "max-statements", "4", "max-tokens", "56", "min-changed-positions", "2"));
        List<ExecutorProbe.Task> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            var task = TaskGeneration.one(generator, 14, i).task();
            tasks.add(new ExecutorProbe.Task(task.examples().subList(0, 5), task.program()));
        }
        return tasks;
    }

    @Test
    void aConstantExecutorScoresTheShareOfTrueValuesEqualToItsConstant() {
        List<ExecutorProbe.Task> tasks = tasks();
        for (int value : new int[] {0, -1}) {
            try (NeuralSynthesizer<CProgram, CArray, CArray> synthesizer = constantExecutor(value)) {
                ExecutorProbe.Report report = ExecutorProbe.run(synthesizer, tasks, 5);
                long runs = 0;
                long[] changed = new long[2];
                long[] changedAtInput = new long[2];
                long[] unchanged = new long[2];
                long[] finals = new long[2];
                long[] finalChanged = new long[2];
                for (ExecutorProbe.Task task : tasks) {
                    List<String> tokens = task.program().tokens();
                    CStatementEnds.Reader reader = new CStatementEnds.Reader();
                    for (int j = 0; j + 2 < tokens.size(); j++) { // the last ';' is the end's own run
                        if (!reader.read(tokens.get(j)) || reader.declaration()) {
                            continue;
                        }
                        runs++;
                        CProgram completed = CStatementEnds.completed(tokens, j + 1);
                        for (Example<CArray, CArray> example : task.given()) {
                            CArray list = ((Outcome.Ok<CArray>) DOMAIN.run(completed, example.input())).output();
                            for (int i = 0; i < CArray.LENGTH; i++) {
                                boolean moved = list.get(i) != example.input().get(i);
                                long[] counts = moved ? changed : unchanged;
                                counts[0] += list.get(i) == value ? 1 : 0;
                                counts[1]++;
                                changedAtInput[0] += moved && example.input().get(i) == value ? 1 : 0;
                            }
                        }
                    }
                    for (Example<CArray, CArray> example : task.given()) {
                        for (int i = 0; i < CArray.LENGTH; i++) {
                            boolean right = example.output().get(i) == value;
                            finals[0] += right ? 1 : 0;
                            finals[1]++;
                            if (example.output().get(i) != example.input().get(i)) {
                                finalChanged[0] += right ? 1 : 0;
                                finalChanged[1]++;
                            }
                        }
                    }
                }
                assertTrue(runs > tasks.size(), "statements end mid-program: " + runs);
                assertEquals(runs, report.runs());
                assertEquals(0, report.undefined());
                assertEquals(new ExecutorProbe.Share(changed[0], changed[1]), report.changed(), "v = " + value);
                assertEquals(new ExecutorProbe.Share(changedAtInput[0], changed[1]), report.changedAtInput());
                assertEquals(new ExecutorProbe.Share(unchanged[0], unchanged[1]), report.unchanged());
                assertEquals(new ExecutorProbe.Share(finals[0], finals[1]), report.finalAll());
                assertEquals(new ExecutorProbe.Share(finalChanged[0], finalChanged[1]), report.finalChanged());
                assertEquals(report.finalAll(), report.shuffledAll(), "the constant ignores the program");
                assertEquals(report.finalChanged(), report.shuffledChanged());
                assertTrue(report.changed().of() > 0 && report.unchanged().right() > 0, report.markdown());
            }
        }
    }

    /** NoPartialExecutor's executor runs only at the end: no mid-program figures, shown as dashes, and the final ones. */
    @Test
    void anExecutorRunOnlyAtTheEndHasNoMidProgramFigures() {
        try (NeuralSynthesizer<CProgram, CArray, CArray> atEnd = constantExecutor(0, false);
             NeuralSynthesizer<CProgram, CArray, CArray> everyStatement = constantExecutor(0, true)) {
            ExecutorProbe.Report report = ExecutorProbe.run(atEnd, tasks(), 5);
            assertEquals(0, report.runs());
            assertEquals(new ExecutorProbe.Share(0, 0), report.changed());
            assertEquals("— (0 / 0)", report.changed().toString());
            assertFalse(report.markdown().contains("NaN"), report.markdown());
            assertEquals(ExecutorProbe.run(everyStatement, tasks(), 5).finalChanged(), report.finalChanged());
            assertTrue(report.finalChanged().of() > 0);
        }
    }

    @Test
    void aModelWithoutAnExecutorOrTooFewTasksAreRefused() {
        SynthesizerConfig config = SynthesizerConfig.preset("c-noexecutor").with(Map.of("embedding", "8", "hidden", "4",
                "mlp-hidden", "8"));
        try (@SuppressWarnings("unchecked") NeuralSynthesizer<CProgram, CArray, CArray> synthesizer =
                     (NeuralSynthesizer<CProgram, CArray, CArray>) NeuralSynthesizer.create(config)) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> ExecutorProbe.run(synthesizer, tasks(), 4));
            assertEquals("c-noexecutor has no latent executor to probe", none.getMessage());
        }
        try (NeuralSynthesizer<CProgram, CArray, CArray> synthesizer = constantExecutor(0)) {
            assertThrows(IllegalArgumentException.class, () -> ExecutorProbe.run(synthesizer, tasks().subList(0, 1), 4));
        }
    }
}
