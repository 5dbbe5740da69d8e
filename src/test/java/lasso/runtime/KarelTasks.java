package lasso.runtime;

import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.SearchSettings;
import lasso.search.Strategy;

import java.util.List;
import java.util.Map;

/** Karel tasks from the domain's generator (small worlds, short programs) and jobs made of them. */
public final class KarelTasks {

    public static final KarelDomain KAREL = (KarelDomain) Domains.named(KarelDomain.NAME);

    private KarelTasks() {
    }

    /** Task {@code index} of a seeded run of the generator, with programs of at most {@code maxTokens}. */
    public static TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task(long seed, long index, int maxTokens) {
        TaskGenerator<KarelProgram, KarelGrid, KarelGrid> generator = KAREL.generator(Map.of(
                "max-rows", "8", "max-cols", "8", "max-tokens", String.valueOf(maxTokens)));
        return TaskGeneration.one(generator, seed, index).task();
    }

    public static List<Example<KarelGrid, KarelGrid>> given(TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task) {
        return task.examples().stream().filter(e -> !e.heldout()).toList();
    }

    public static List<Example<KarelGrid, KarelGrid>> heldout(TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task) {
        return task.examples().stream().filter(Example::heldout).toList();
    }

    public static JobSpec spec(TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task, SearchSettings settings) {
        return JobCodec.encode(KAREL, "task", given(task), heldout(task), settings);
    }

    public static SearchSettings settings(Strategy strategy, long maxEvaluated, long deadlineMillis) {
        return new SearchSettings(strategy, 1000, maxEvaluated, deadlineMillis, 64, 16, 1);
    }

    /** Programs as canonical token lists. */
    public static List<String> tokens(String program) {
        try {
            return KAREL.tokens(KAREL.parse(program));
        } catch (lasso.domain.ProgramSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
