package lasso.benchmark;

import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.TaskGeneration;
import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListDatasetBuilder;
import lasso.domain.list.ListSemantics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seed papers' evaluation sets as the project's generators remake them, deterministically (each
 * has a fixed seed): the shape of each paper's test split, not its records (only 8 real MSR Karel
 * test records ship, in {@code data/karel}).
 *
 * @param options generator options ({@code ./lasso generate --set}); for {@code deepcoder-t3} the data
 *                set's length
 */
public record EvaluationSet(String name, String domain, int count, long seed, Map<String, String> options,
                            String description) {

    /** The sets, by name. */
    public static final List<EvaluationSet> ALL = List.of(
            new EvaluationSet("karel-test", "karel", 2500, 1001, Map.of("max-tokens", "30", "max-depth", "3"),
                    "Karel, the shape of the MSR test split (Bunel et al. 2018; SED; LaSynth Table 3): 2,500 tasks, "
                            + "5 given examples and 1 held out each; the test set of models/karel-lgrl"),
            new EvaluationSet("c-test", "c", 1000, 1001, ordered("max-statements", "3", "max-locals", "0",
                    "max-tokens", "48", "for-probability", "0.7", "max-depth", "1"),
                    "restricted C, LaSynth's test set shape (Chen et al. 2021, Table 2): 1,000 tasks, 5 given and "
                            + "5 held-out examples; the test set of models/c-*"),
            new EvaluationSet("deepcoder-t3", "list", 500, 1, Map.of("length", "3"),
                    "DeepCoder T = 3 (Balog et al. 2017, Table 1): the 500 test tasks of the length-3 data set "
                            + "(./lasso dataset deepcoder --length 3 --seed 1), the tasks of ./lasso bench deepcoder"),
            new EvaluationSet("deepcoder-t5", "list", 100, 1005, Map.of("length", "5"),
                    "DeepCoder T = 5 (Balog et al. 2017, Table 2: 100 programs of length 5): 100 generated tasks "
                            + "of 5 statements, 5 examples each"));

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** @throws IllegalArgumentException naming the known sets */
    public static EvaluationSet named(String name) {
        return ALL.stream().filter(set -> set.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown evaluation set '" + name + "' (known: "
                        + String.join(", ", ALL.stream().map(EvaluationSet::name).toList()) + ")"));
    }

    /** The command that makes the same file by hand. */
    public String command() {
        if (name.equals("deepcoder-t3")) {
            return "./lasso dataset deepcoder --length 3 --train 0 --test " + count + " --seed " + seed
                    + " --out DIR   # DIR/test.jsonl";
        }
        StringBuilder command = new StringBuilder("./lasso generate --domain " + domain + " --count " + count
                + " --seed " + seed);
        options.forEach((key, value) -> command.append(" --set ").append(key).append('=').append(value));
        return command.append(" --out FILE").toString();
    }

    /** Writes the set's tasks to {@code out}. */
    public void write(Path out, int threads, Consumer<String> progress) throws IOException {
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        if (name.equals("deepcoder-t3")) {
            ListDatasetBuilder builder = new ListDatasetBuilder(Integer.parseInt(options.get("length")), 5,
                    new ExampleSampler(1, ListSemantics.MAX_LENGTH));
            ListDatasetBuilder.write(out, "test", builder.build(0, count, seed, progress).test());
            return;
        }
        generate(Domains.named(domain), out, threads);
    }

    private <P, I, O> void generate(Domain<P, I, O> domain, Path out, int threads) throws IOException {
        TaskGeneration.writeFile(domain, domain.generator(options), count, seed, threads, out, () -> { });
    }
}
