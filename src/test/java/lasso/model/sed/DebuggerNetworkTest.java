package lasso.model.sed;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import lasso.domain.Example;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelParser;
import lasso.domain.karel.KarelProgram;
import lasso.model.synthesis.BeamSearch;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingState;
import lasso.search.edit.EditCursor;
import lasso.search.edit.EditMask;
import lasso.search.edit.EditScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The debugger network at tiny sizes: shapes, TraceEmbed's weights, training against decoding, save and load. */
class DebuggerNetworkTest {

    /** Per-op log-probabilities of teacher forcing (the loss) and of step-by-step decoding agree, under the same masks. */
    @ParameterizedTest
    @CsvSource({"karel-sed,true,false", "karel-sed,false,true", "c-sed,true,true", "c-sed,false,false"})
    void teacherForcingAndStepwiseDecodingAgreeAndEveryLogitHasTheOpShape(String preset, boolean traceEmbed,
                                                                         boolean exampleCopies) {
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create(preset, traceEmbed, exampleCopies, 5)) {
            DebuggerNetwork<Object, Object> network = debugger.network();
            Repairs<Object, Object, Object> repairs = TinyDebuggers.repairs(debugger.domain().name());
            List<RepairExample<Object, Object>> examples = TinyDebuggers.mutated(repairs,
                    TinyDebuggers.sources(repairs, 3, 9), 3);
            assertFalse(examples.isEmpty());
            for (RepairExample<Object, Object> repair : examples) {
                int[] program = repair.input().program();
                int[] ops = EditScript.supervision(program, repair.target());
                double forced;
                try (NDManager manager = debugger.djlModel().getNDManager().newSubManager()) {
                    NDList loss = network.forward(new ParameterStore(manager, false),
                            network.trainingInputs(manager, List.of(repair)), false);
                    assertEquals(0, loss.singletonOrThrow().getShape().dimension(), "a scalar loss");
                    forced = -loss.singletonOrThrow().getFloat() * (ops.length - 1);
                }
                double stepwise = 0;
                try (NDManager manager = debugger.djlModel().getNDManager().newSubManager();
                     DecodingState state = network.startDecoding(new ParameterStore(manager, false), manager,
                             List.of(repair.input()))) {
                    EditMask mask = network.newMask(program);
                    float[] logProbabilities = new float[network.opCount()];
                    for (int j = 0; j + 1 < ops.length; j++) {
                        float[] logits = state.step(new int[] {ops[j]});
                        assertEquals(network.opCount(), logits.length);
                        BeamSearch.normalise(logits, 0, network.opCount(), mask, logProbabilities);
                        stepwise += logProbabilities[ops[j + 1]];
                        mask.accept(ops[j + 1]);
                        state.select(new int[] {0});
                    }
                    assertTrue(mask.complete());
                }
                assertEquals(forced, stepwise, 1e-3 * Math.max(1, Math.abs(forced)), preset + ": " + forced + " vs " + stepwise);
            }
        }
    }

    /**
     * TraceEmbed's weights on a tiny program: each event adds 1/(its span's length) to the tokens its
     * span covers (per example, averaged over the examples), on the state before it; states are shared
     * by events at the same time step, and never-executed tokens get nothing.
     */
    @Test
    void traceEmbedWeighsEachEventByItsSpanLength() throws Exception {
        KarelDomain karel = new KarelDomain();
        // DEF0 run1 m(2 move3 REPEAT4 R=2 5 r(6 turnLeft7 r)8 m)9
        KarelProgram program = KarelParser.parseText("DEF run m( move REPEAT R=2 r( turnLeft r) m)");
        KarelGrid input = KarelGrid.builder(4, 4).hero(3, 0, lasso.domain.karel.Direction.EAST).build();
        Trace<KarelGrid> trace = karel.trace(program, input);
        KarelGrid output = ((lasso.domain.Outcome.Ok<KarelGrid>) karel.run(program, input)).output();
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create("karel-sed", true, 1)) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            EditInput<Object, Object> one = (EditInput) new EditInput<>(List.of(Example.given(input, output)),
                    program.tokenIds(), List.<Trace<?>>of(trace));
            DebuggerNetwork.TraceLayout<Object, Object> layout = debugger.network().traceLayout(List.of(one), 11);
            // events: move (t1), repeat tests (t2, t3, t4: remaining 2, 1, 0), turnLeft (t2, t3)
            assertEquals(4, layout.perTask(), "one state per distinct time step");
            assertEquals(4, layout.states().size());
            double[] perToken = new double[11];
            for (int i = 0; i < 11; i++) {
                for (int s = 0; s < layout.perTask(); s++) {
                    perToken[i] += layout.weights()[i * layout.perTask() + s];
                }
            }
            double repeat = 3 / 5.0;
            double[] expected = {0, 0, 0, 1, repeat, repeat, repeat, 2 + repeat, repeat, 0, 0};
            for (int i = 0; i < 11; i++) {
                assertEquals(expected[i], perToken[i], 1e-6, "token " + i);
            }
            // the state before the second repeat test is also the one before the first turnLeft
            assertEquals(1 / 5.0 + 1, layout.weights()[7 * layout.perTask() + 1], 1e-6);

            @SuppressWarnings({"unchecked", "rawtypes"})
            EditInput<Object, Object> two = (EditInput) new EditInput<>(List.of(Example.given(input, output),
                    Example.given(input, output)), program.tokenIds(), List.<Trace<?>>of(trace, trace));
            DebuggerNetwork.TraceLayout<Object, Object> averaged = debugger.network().traceLayout(List.of(two), 11);
            double move = 0;
            for (int s = 0; s < averaged.perTask(); s++) {
                move += averaged.weights()[3 * averaged.perTask() + s];
            }
            assertEquals(1, move, 1e-6, "averaged over the examples");
        }
    }

    /** IOEmbed gives D per example and TraceEmbed's state encoder T per state, in both domains. */
    @ParameterizedTest
    @CsvSource({"karel-sed", "c-sed"})
    void everyBlockHasItsShape(String preset) {
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create(preset, true, 6);
             NDManager manager = debugger.djlModel().getNDManager().newSubManager()) {
            DebuggerNetwork<Object, Object> network = debugger.network();
            DebuggerConfig config = network.config();
            Repairs<Object, Object, Object> repairs = TinyDebuggers.repairs(debugger.domain().name());
            List<EditInput<Object, Object>> inputs = TinyDebuggers.mutated(repairs, TinyDebuggers.sources(repairs, 3, 4), 4)
                    .stream().map(RepairExample::input).toList();
            ParameterStore store = new ParameterStore(manager, false);
            NDList examples = network.exampleArrays(manager, inputs.stream().map(EditInput::given).toList());
            assertEquals(network.exampleArrayCount(), examples.size());
            assertEquals(new ai.djl.ndarray.types.Shape(inputs.size() * 5L, config.ioEmbedding()),
                    network.encodeExamples(store, examples, false).getShape());
            int positions = inputs.stream().mapToInt(i -> i.program().length + 1).max().orElseThrow();
            DebuggerNetwork.TraceLayout<Object, Object> layout = network.traceLayout(inputs, positions);
            assertEquals(inputs.size() * layout.perTask(), layout.stateIndex().length);
            assertEquals(inputs.size() * positions * layout.perTask(), layout.weights().length);
            assertEquals(new ai.djl.ndarray.types.Shape(layout.states().size(), config.traceSize()),
                    network.encodeStates(store, network.stateArray(manager, layout.states()), false).getShape());
            assertEquals(4 + 2 * network.vocabularySize(), network.opCount());
        }
    }

    @Test
    void aLongTraceIsReadAtEvenlySpacedEventsEndingWithTheLast() {
        List<TraceEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new TraceEvent(i + 1, "move", new lasso.domain.TokenSpan(3, 3), null, null, true));
        }
        Trace<String> trace = new Trace<>(List.of("s"), events, lasso.domain.Outcome.ok("s"));
        List<TraceEvent> read = DebuggerNetwork.readEvents(trace, 4);
        assertEquals(List.of(1, 4, 7, 10), read.stream().map(TraceEvent::timestep).toList());
        assertEquals(events, DebuggerNetwork.readEvents(trace, 10));
    }

    @ParameterizedTest
    @CsvSource({"karel-sed,true", "c-sed,false"})
    void saveThenLoadGivesIdenticalOutputs(String preset, boolean traceEmbed, @TempDir Path directory) throws IOException {
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create(preset, traceEmbed, 3)) {
            Repairs<Object, Object, Object> repairs = TinyDebuggers.repairs(debugger.domain().name());
            List<RepairExample<Object, Object>> examples = TinyDebuggers.mutated(repairs,
                    TinyDebuggers.sources(repairs, 4, 2), 2);
            List<EditInput<Object, Object>> inputs = examples.stream().map(RepairExample::input).toList();
            List<List<Decoded<Object>>> before = debugger.decode(inputs, 4);
            double lossBefore = DebuggerTrainer.loss(debugger, examples, 8);
            debugger.save(directory, null);
            assertTrue(NeuralDebugger.isDebugger(directory));
            try (NeuralDebugger<?, ?, ?> loaded = NeuralDebugger.load(directory)) {
                @SuppressWarnings("unchecked")
                NeuralDebugger<Object, Object, Object> same = (NeuralDebugger<Object, Object, Object>) loaded;
                assertEquals(debugger.config(), same.config());
                assertEquals(before, same.decode(inputs, 4));
                assertEquals(lossBefore, DebuggerTrainer.loss(same, examples, 8), 1e-6);
                same.save(directory.resolve("again"), null); // a loaded debugger saves again (stage 2 from --init)
            }
            try (NeuralDebugger<?, ?, ?> again = NeuralDebugger.load(directory.resolve("again"))) {
                @SuppressWarnings("unchecked")
                NeuralDebugger<Object, Object, Object> same = (NeuralDebugger<Object, Object, Object>) again;
                assertEquals(before, same.decode(inputs, 4));
            }
            for (int t = 0; t < inputs.size(); t++) {
                List<Decoded<Object>> edits = before.get(t);
                for (int i = 1; i < edits.size(); i++) {
                    assertTrue(edits.get(i - 1).logProbability() >= edits.get(i).logProbability(), "most probable first");
                }
                int[] source = inputs.get(t).program();
                assertTrue(edits.stream().noneMatch(e -> java.util.Arrays.equals(repairs.ids(e.program()), source)),
                        "no edit gives back the program itself");
                assertEquals(edits.size(), edits.stream().map(Decoded::program).distinct().count(), "distinct programs");
            }
        }
    }

    /** Batching changes no task's edits: a task decoded with others gets what it gets alone. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aTaskDecodedInABatchGetsTheEditsItGetsAlone(boolean exampleCopies) {
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create("karel-sed", true, exampleCopies, 4)) {
            Repairs<Object, Object, Object> repairs = TinyDebuggers.repairs("karel");
            List<EditInput<Object, Object>> inputs = TinyDebuggers.mutated(repairs, TinyDebuggers.sources(repairs, 4, 5), 5)
                    .stream().map(RepairExample::input).toList();
            List<List<Decoded<Object>>> together = debugger.decode(inputs, 3);
            for (int t = 0; t < inputs.size(); t++) {
                assertEquals(debugger.decode(List.of(inputs.get(t)), 3).get(0), together.get(t), "task " + t);
            }
        }
    }

    @Test
    void aShortTrainingRunLowersTheLoss(@TempDir Path checkpoints) throws IOException {
        try (NeuralDebugger<Object, Object, Object> debugger = TinyDebuggers.create("karel-sed", true, 7)) {
            Repairs<Object, Object, Object> repairs = TinyDebuggers.repairs("karel");
            List<RepairExample<Object, Object>> examples = TinyDebuggers.mutated(repairs,
                    TinyDebuggers.sources(repairs, 8, 11), 11);
            double before = DebuggerTrainer.loss(debugger, examples, 8);
            DebuggerTrainer.Outcome outcome = DebuggerTrainer.train(debugger, Repairs.fixedBatches(examples, 1), examples,
                    (index, program) -> false, new DebuggerTrainer.Options(30, 8, 0.01, 1, 1000, 5, 30),
                    checkpoints, false, TinyDebuggers.QUIET);
            assertTrue(outcome.validationLoss() < before * 0.8, before + " -> " + outcome.validationLoss());
            assertTrue(checkpoints.resolve("state.json").toFile().exists());
        }
    }

    @Test
    void theCursorOfTheDecoderFollowsC4() {
        int[] ops = EditScript.supervision(new int[] {1, 2}, new int[] {2});
        EditCursor.Steps steps = EditCursor.teacherForcing(new int[] {1, 2}, ops, 5);
        assertEquals(IntStream.of(0, 1, 2).boxed().toList(), IntStream.of(steps.pointers()).boxed().toList());
    }
}
