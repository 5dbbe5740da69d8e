package lasso.model.sed;

import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.model.synthesis.SynthesizerTrainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny debuggers and small generated repairs for fast tests. */
final class TinyDebuggers {

    static final Map<String, String> C_TASKS = Map.of("max-statements", "2", "max-locals", "1", "max-tokens", "40");
    static final Map<String, String> KAREL_TASKS = Map.of("max-rows", "4", "max-cols", "4", "max-tokens", "16",
            "max-depth", "2");

    private TinyDebuggers() {
    }

    /** A preset shrunk to a few units per layer (Karel: 4 × 4 worlds). */
    static DebuggerConfig config(String preset, boolean traceEmbed, boolean exampleCopies) {
        DebuggerConfig config = DebuggerConfig.preset(preset);
        Map<String, String> tiny = config.domain().equals("c")
                ? Map.of("embedding", "8", "hidden", "8", "io-embedding", "8", "trace-size", "6", "value-embedding", "4")
                : Map.of("embedding", "8", "hidden", "8", "io-embedding", "8", "trace-size", "6", "grid-side", "6",
                "channels", "3", "trace-channels", "2");
        return config.with(tiny).with(Map.of("trace-embed", Boolean.toString(traceEmbed),
                "example-copies", Boolean.toString(exampleCopies)));
    }

    @SuppressWarnings("unchecked")
    static NeuralDebugger<Object, Object, Object> create(String preset, boolean traceEmbed, long seed) {
        return create(preset, traceEmbed, false, seed);
    }

    @SuppressWarnings("unchecked")
    static NeuralDebugger<Object, Object, Object> create(String preset, boolean traceEmbed, boolean exampleCopies,
                                                        long seed) {
        SynthesizerTrainer.seed(seed);
        return (NeuralDebugger<Object, Object, Object>) NeuralDebugger.create(config(preset, traceEmbed, exampleCopies));
    }

    @SuppressWarnings("unchecked")
    static Repairs<Object, Object, Object> repairs(String domain) {
        Domain<Object, Object, Object> d = (Domain<Object, Object, Object>) Domains.named(domain);
        return new Repairs<>(d, d);
    }

    /** Generated tasks of the domain as repair sources. */
    static List<Repairs.Source<Object, Object, Object>> sources(Repairs<Object, Object, Object> repairs, int count,
                                                                long seed) {
        Domain<Object, Object, Object> domain = repairs.domain();
        TaskGenerator<Object, Object, Object> generator = domain.generator(domain.name().equals("c") ? C_TASKS : KAREL_TASKS);
        List<Repairs.Source<Object, Object, Object>> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TaskGenerator.Generated<Object, Object, Object> task = TaskGeneration.one(generator, seed, i).task();
            sources.add(new Repairs.Source<>(task.program(),
                    task.examples().stream().filter(e -> !e.heldout()).toList(), task.examples()));
        }
        return sources;
    }

    /** A tiny Karel debugger trained a few steps on mutations, so that its edits mostly keep the program and end. */
    static NeuralDebugger<Object, Object, Object> trained(java.nio.file.Path checkpoints) throws java.io.IOException {
        NeuralDebugger<Object, Object, Object> debugger = create("karel-sed", true, 7);
        Repairs<Object, Object, Object> repairs = repairs("karel");
        List<RepairExample<Object, Object>> examples = mutated(repairs, sources(repairs, 8, 11), 11);
        DebuggerTrainer.train(debugger, Repairs.fixedBatches(examples, 1), List.of(), (index, program) -> false,
                new DebuggerTrainer.Options(40, 8, 0.01, 1, 1000, 5, 40), checkpoints, false, QUIET);
        return debugger;
    }

    /** A training listener that prints nothing. */
    static final DebuggerTrainer.Listener QUIET = new DebuggerTrainer.Listener() {
        @Override
        public void step(long step, long steps, double loss, double examplesPerSecond) {
        }

        @Override
        public void validated(long step, double loss, double repairAccuracy, double seconds) {
        }
    };

    /** One mutated repair per source. */
    static List<RepairExample<Object, Object>> mutated(Repairs<Object, Object, Object> repairs,
                                                       List<Repairs.Source<Object, Object, Object>> sources, long seed) {
        List<RepairExample<Object, Object>> examples = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Repairs.Source<Object, Object, Object> source : sources) {
            repairs.mutated(source, random).ifPresent(examples::add);
        }
        return examples;
    }
}
