package lasso.model.karel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import lasso.domain.Example;
import lasso.domain.SyntaxMask;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelSyntaxMask;
import lasso.domain.karel.KarelVocabulary;
import lasso.model.synthesis.DecodingState;
import lasso.model.synthesis.StepwiseDecoding;
import lasso.model.synthesis.SynthesisNetwork;
import lasso.model.synthesis.SynthesizerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * LGRL for Karel (Bunel et al. 2018; models.md D.1), reduced to train on CPU (E.2), with LaSynth's
 * latent executor for Karel (B.7) as a switch.
 *
 * <p><b>LGRL</b>: each input/output pair of grids (the 16-channel tensor, cropped to the
 * {@code gridSide}² square that holds worlds of up to {@code gridSide − 2} cells a side) is encoded by
 * a CNN: a 3×3 convolution of each grid to C channels, concatenated, a stride-2 3×3 convolution
 * (halving the side early is what makes 18 × 18 grids affordable on a CPU), a residual block of three
 * 3×3 convolutions on 2C channels and a fully connected layer to the pair's embedding. The decoder is an LSTM fed, at every step, the previous token's embedding and the pair's
 * embedding; it runs once per example and the 5 outputs are max-pooled before the output layer.
 *
 * <p><b>Latent executor</b> (our reading of B.7, which the paper leaves to its appendix): the input
 * and the output grids get separate CNN towers; the decoder's pair embedding is computed from a
 * latent state Î (initially the input tower's encoding of the input grid) and the output's encoding,
 * and Î is updated every {@code execPeriod} tokens by a residual MLP of Î and the decoder's hidden
 * state. L_exec, at each program's end, is the squared distance between Î and the input tower's
 * (gradient-stopped) encoding of the output grid: the executor should have "run" the program.
 */
public final class KarelNetwork extends SynthesisNetwork<KarelGrid, KarelGrid> {

    private static final int VOCABULARY = KarelVocabulary.SIZE;

    private final int side;
    private final int c;
    private final int d;
    private final Parameter tokenTable;
    private final GridTower pairTower;     // LGRL: both grids
    private final GridTower inputTower;    // latent executor: one grid each
    private final GridTower outputTower;
    private final Linear pairMix;
    private final Linear update1;
    private final Linear update2;
    private final LSTM decoder;
    private final Linear out;

    public KarelNetwork(SynthesizerConfig config) {
        super(config);
        if (!SynthesizerConfig.LGRL.equals(config.architecture()) || !"karel".equals(config.domain())) {
            throw new IllegalArgumentException("not an LGRL configuration for Karel: " + config);
        }
        this.side = config.gridSide();
        this.c = config.channels();
        this.d = config.ioEmbedding();
        tokenTable = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.1f)).optShape(new Shape(VOCABULARY + 1, config.embedding()))
                .build());
        if (config.latentExecutor()) {
            pairTower = null;
            inputTower = new GridTower(this, "input", 1, c, d, side);
            outputTower = new GridTower(this, "output", 1, c, d, side);
            pairMix = add("pair_mix", Linear.builder().setUnits(d).build());
            update1 = add("update1", Linear.builder().setUnits(d).build());
            update2 = add("update2", Linear.builder().setUnits(d).build());
        } else {
            pairTower = new GridTower(this, "pair", 2, c, d, side);
            inputTower = null;
            outputTower = null;
            pairMix = null;
            update1 = null;
            update2 = null;
        }
        decoder = add("decoder", LSTM.builder().setStateSize(config.hidden()).setNumLayers(1).optBatchFirst(true)
                .optReturnState(true).build());
        out = add("out", Linear.builder().setUnits(VOCABULARY).build());
    }

    @Override
    public int vocabularySize() {
        return VOCABULARY;
    }

    @Override
    public SyntaxMask newMask() {
        return new KarelSyntaxMask();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (config.latentExecutor()) {
            inputTower.initialize(manager);
            outputTower.initialize(manager);
            pairMix.initialize(manager, dataType, new Shape(1, 2L * d));
            update1.initialize(manager, dataType, new Shape(1, (long) d + config.hidden()));
            update2.initialize(manager, dataType, new Shape(1, d));
        } else {
            pairTower.initialize(manager);
        }
        decoder.initialize(manager, dataType, new Shape(1, 1, (long) config.embedding() + d));
        out.initialize(manager, dataType, new Shape(1, config.hidden()));
    }

    // ---------------------------------------------------------------- inputs

    /** The tasks' input and output grids as two (tasks·examples, 16, S, S) arrays. */
    NDList gridArrays(NDManager manager, List<List<Example<KarelGrid, KarelGrid>>> tasks) {
        examplesPerTask(tasks); // equally many examples per task, each with an output
        return GridTower.arrays(manager, tasks, side);
    }

    @Override
    public void check(List<Example<KarelGrid, KarelGrid>> given) {
        super.check(given);
        for (Example<KarelGrid, KarelGrid> example : given) {
            GridTower.fits(example.input(), side);
            GridTower.fits(example.output(), side);
        }
    }

    @Override
    public NDList trainingInputs(NDManager manager, List<List<Example<KarelGrid, KarelGrid>>> tasks, int[][] targets) {
        NDList arrays = gridArrays(manager, tasks);
        arrays.add(manager.create(new int[] {tasks.get(0).size()}));
        arrays.addAll(targetArrays(manager, targets));
        return arrays;
    }

    // ---------------------------------------------------------------- the pair embedding and its latent state

    /** The examples as the decoder reads them. */
    private final class Encoding {
        final ParameterStore store;
        final boolean training;
        NDArray pair;       // (N, D): what the decoder is fed next to each token
        NDArray latent;     // Î (N, D), latent executor only
        NDArray output;     // (N, D): the output tower's encoding, latent executor only
        NDArray stateH;     // (1, N, H)
        NDArray stateC;

        Encoding(ParameterStore store, NDArray inputs, NDArray outputs, boolean training) {
            this.store = store;
            this.training = training;
            long rows = inputs.getShape().get(0);
            if (config.latentExecutor()) {
                latent = inputTower.encode(store, new NDArray[] {inputs}, training);
                output = outputTower.encode(store, new NDArray[] {outputs}, training);
                mix();
            } else {
                pair = pairTower.encode(store, new NDArray[] {inputs, outputs}, training);
            }
            stateH = inputs.getManager().zeros(new Shape(1, rows, config.hidden()));
            stateC = inputs.getManager().zeros(new Shape(1, rows, config.hidden()));
        }

        void mix() {
            pair = Activation.relu(pairMix.forward(store, new NDList(latent.concat(output, -1)), training)
                    .singletonOrThrow());
        }

        /** Î ← Î + MLP([Î; h]) from the decoder's current state. */
        void execute() {
            NDArray hidden = stateH.squeeze(0);
            NDArray x = Activation.relu(update1.forward(store, new NDList(latent.concat(hidden, -1)), training)
                    .singletonOrThrow());
            latent = latent.add(update2.forward(store, new NDList(x), training).singletonOrThrow());
            mix();
        }

        /** Decoder steps over fed tokens (N, T, E): pooled hidden states (tasks, T, H). */
        NDArray decode(NDArray fed, long tasks, long examples) {
            long steps = fed.getShape().get(1);
            NDArray input = fed.concat(pair.expandDims(1).repeat(1, steps), -1);
            NDList result = decoder.forward(store, new NDList(input, stateH, stateC), training);
            stateH = result.get(1);
            stateC = result.get(2);
            return maxOverExamples(result.get(0).reshape(tasks, examples, steps, config.hidden()));
        }

        void select(NDArray index) {
            pair = pair.get(index);
            stateH = stateH.squeeze(0).get(index).expandDims(0);
            stateC = stateC.squeeze(0).get(index).expandDims(0);
            if (config.latentExecutor()) {
                latent = latent.get(index);
                output = output.get(index);
            }
        }

        List<NDArray> state() {
            List<NDArray> arrays = new ArrayList<>();
            for (NDArray array : new NDArray[] {pair, latent, output, stateH, stateC}) {
                if (array != null) {
                    arrays.add(array);
                }
            }
            return arrays;
        }
    }

    // ---------------------------------------------------------------- training

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray inputGrids = inputs.get(0);
        NDArray outputGrids = inputs.get(1);
        long examples = inputs.get(2).toIntArray()[0];
        NDArray fed = inputs.get(3);
        NDArray targets = inputs.get(4);
        NDArray weights = inputs.get(5);
        NDArray mask = inputs.get(6);
        int[] lengths = inputs.get(7).toIntArray();
        NDManager manager = fed.getManager();
        long tasks = fed.getShape().get(0);
        long rows = tasks * examples;
        int steps = (int) fed.getShape().get(1);

        Encoding encoding = new Encoding(store, inputGrids, outputGrids, training);
        NDArray tokens = store.getValue(tokenTable, fed.getDevice(), training);
        NDArray embedded = tokens.get(fed.reshape(tasks * steps)).reshape(tasks, steps, config.embedding())
                .expandDims(1).repeat(1, examples).reshape(rows, steps, config.embedding());
        TreeSet<Integer> boundaries = new TreeSet<>();
        if (config.latentExecutor()) {
            for (int length : lengths) {
                boundaries.add(length);
            }
            if (config.partialExecutor()) {
                for (int t = config.execPeriod(); t < steps; t += config.execPeriod()) {
                    boundaries.add(t);
                }
            }
        }
        boundaries.add(steps);
        List<NDArray> hidden = new ArrayList<>();
        NDArray finalLatent = null;
        int start = 0;
        for (int end : boundaries) {
            hidden.add(encoding.decode(embedded.get(":, " + start + ":" + end + ", :"), tasks, examples));
            if (config.latentExecutor()) {
                float[] ending = new float[(int) rows];
                boolean anyEnding = false;
                for (int b = 0; b < tasks; b++) {
                    if (lengths[b] == end) {
                        anyEnding = true;
                        for (int k = 0; k < examples; k++) {
                            ending[(int) (b * examples + k)] = 1;
                        }
                    }
                }
                boolean period = config.partialExecutor() && end % config.execPeriod() == 0 && end < steps;
                if (anyEnding || period) {
                    NDArray before = encoding.latent;
                    encoding.execute();
                    if (anyEnding) {
                        NDArray part = encoding.latent.mul(manager.create(ending, new Shape(rows, 1)));
                        finalLatent = finalLatent == null ? part : finalLatent.add(part);
                    }
                    if (!period) { // the end's run only feeds L_exec
                        encoding.latent = before;
                        encoding.mix();
                    }
                }
            }
            start = end;
        }
        NDArray logits = out.forward(store, new NDList(concatenate(hidden, 1)), training)
                .singletonOrThrow();
        NDArray programLoss = crossEntropy(logits, targets, weights, mask);
        NDArray executionLoss = manager.zeros(new Shape());
        if (config.latentExecutor()) {
            NDArray target = inputTower.encode(store, new NDArray[] {outputGrids}, training).stopGradient();
            executionLoss = finalLatent.sub(target).square().mean();
        }
        return new NDList(programLoss.add(executionLoss), programLoss, executionLoss, manager.zeros(new Shape()));
    }

    // ---------------------------------------------------------------- decoding

    @Override
    public DecodingState startDecoding(ParameterStore store, NDManager manager,
                                       List<List<Example<KarelGrid, KarelGrid>>> tasks) {
        return new Decoding(store, manager, tasks);
    }

    /** Step-by-step decoding of rows (beams); see {@link StepwiseDecoding}. */
    private final class Decoding extends StepwiseDecoding {

        private final ParameterStore store;
        private final Encoding encoding;
        private int step;

        Decoding(ParameterStore store, NDManager parent, List<List<Example<KarelGrid, KarelGrid>>> tasks) {
            super(parent, tasks.size(), tasks.get(0).size());
            this.store = store;
            try (NDScope scope = new NDScope()) {
                NDList grids = gridArrays(parent, tasks);
                encoding = new Encoding(store, grids.get(0), grids.get(1), false);
                keep();
            }
        }

        @Override
        protected float[] advance(int[] tokens) {
            NDArray table = store.getValue(tokenTable, manager.getDevice(), false);
            NDArray fed = table.get(indices(manager, tokens)).expandDims(1).repeat(1, examples)
                    .reshape(rows * examples, 1, config.embedding());
            NDArray hidden = encoding.decode(fed, rows, examples);
            float[] logits = out.forward(store, new NDList(hidden), false).singletonOrThrow().toFloatArray();
            step++;
            if (config.latentExecutor() && config.partialExecutor() && step % config.execPeriod() == 0) {
                encoding.execute();
            }
            return logits;
        }

        @Override
        protected void reorder(NDArray perExample, int[] parents) {
            encoding.select(perExample);
        }

        @Override
        protected List<NDArray> carried() {
            return encoding.state();
        }
    }
}
