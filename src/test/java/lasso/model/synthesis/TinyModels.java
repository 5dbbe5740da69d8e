package lasso.model.synthesis;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tiny synthesizers and small generated tasks for fast tests. */
final class TinyModels {

    static final Map<String, String> C_TASKS = Map.of("max-statements", "2", "max-locals", "1", "max-tokens", "40");
    static final Map<String, String> KAREL_TASKS = Map.of("max-rows", "4", "max-cols", "4", "max-tokens", "16",
            "max-depth", "2");

    private TinyModels() {
    }

    /**
     * A preset shrunk to a few units per layer (Karel: 4 × 4 worlds); {@code preset:key=value,key=value}
     * switches settings on top.
     */
    static SynthesizerConfig config(String preset) {
        String[] parts = preset.split(":", 2);
        SynthesizerConfig config = shrunk(parts[0]);
        if (parts.length > 1) {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            for (String setting : parts[1].split(",")) {
                String[] pair = setting.split("=", 2);
                settings.put(pair[0], pair[1]);
            }
            config = config.with(settings);
        }
        return config;
    }

    private static SynthesizerConfig shrunk(String preset) {
        SynthesizerConfig config = SynthesizerConfig.preset(preset);
        if (config.domain().equals("c")) {
            return config.with(Map.of("embedding", "8", "hidden", "4", "mlp-hidden", "12", "max-length", "48",
                    "exec-period", "4", "layers", "1"));
        }
        return config.with(Map.of("embedding", "6", "hidden", "10", "grid-side", "6", "channels", "3",
                "io-embedding", "8", "max-length", "24", "exec-period", "3"));
    }

    @SuppressWarnings("unchecked")
    static NeuralSynthesizer<Object, Object, Object> create(String preset, long seed) {
        SynthesizerTrainer.seed(seed);
        return (NeuralSynthesizer<Object, Object, Object>) NeuralSynthesizer.create(config(preset));
    }

    /** Generated tasks of the model's domain: the program's ids and all examples. */
    static List<SynthesizerTrainer.Task<Object, Object>> tasks(NeuralSynthesizer<Object, Object, Object> synthesizer,
                                                               int count, long seed) {
        Domain<Object, Object, Object> domain = synthesizer.domain();
        TaskGenerator<Object, Object, Object> generator = domain.generator(domain.name().equals("c") ? C_TASKS : KAREL_TASKS);
        List<SynthesizerTrainer.Task<Object, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TaskGenerator.Generated<Object, Object, Object> task = TaskGeneration.one(generator, seed, i).task();
            tasks.add(new SynthesizerTrainer.Task<>(synthesizer.tokenIds(task.program()), task.examples()));
        }
        return tasks;
    }

    static List<List<Example<Object, Object>>> given(List<SynthesizerTrainer.Task<Object, Object>> tasks) {
        return tasks.stream().map(t -> t.examples().subList(0, 5)).toList();
    }
}
