package lasso.domain.karel;

import lasso.domain.Example;
import lasso.domain.TaskGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Random Karel tasks as the MSR data set has them: a program from {@link KarelProgramSampler} and six
 * input worlds from {@link KarelGridSampler} (5 given, 1 held out), kept only if they pass the data
 * set's filters (karel.md §3.4): on every example the program neither crashes nor times out, executes
 * at least one {@code move} and one marker action, and changes the world; the six inputs differ.
 * One call is one attempt, as {@link lasso.domain.TaskGeneration} expects.
 */
public final class KarelGenerator implements TaskGenerator<KarelProgram, KarelGrid, KarelGrid> {

    public static final int EXAMPLES = 6;
    /** Worlds tried for each example before the program is dropped. */
    static final int TRIES_PER_EXAMPLE = 40;

    private final KarelGeneratorOptions options;
    private final KarelProgramSampler programs;
    private final KarelGridSampler grids;
    private final ThreadLocal<KarelMachine> machines;

    public KarelGenerator(KarelGeneratorOptions options) {
        this.options = options;
        this.programs = new KarelProgramSampler(options.maxDepth());
        this.grids = new KarelGridSampler(options.minRows(), options.maxRows(), options.minCols(), options.maxCols());
        this.machines = ThreadLocal.withInitial(() -> new KarelMachine(options.rules()));
    }

    @Override
    public Optional<Generated<KarelProgram, KarelGrid, KarelGrid>> attempt(RandomGenerator random) {
        KarelProgram program = programs.sample(random);
        if (program.size() > options.maxTokens() || !hasMoveAndMarkerAction(program.body())) {
            return Optional.empty();
        }
        KarelMachine machine = machines.get();
        List<Example<KarelGrid, KarelGrid>> examples = new ArrayList<>(EXAMPLES);
        for (int i = 0; i < EXAMPLES; i++) {
            Example<KarelGrid, KarelGrid> example = example(program, machine, random, examples, i >= KarelTaskFormat.GIVEN);
            if (example == null) {
                return Optional.empty();
            }
            examples.add(example);
        }
        return Optional.of(new Generated<>(program, examples));
    }

    private Example<KarelGrid, KarelGrid> example(KarelProgram program, KarelMachine machine, RandomGenerator random,
                                                  List<Example<KarelGrid, KarelGrid>> earlier, boolean heldout) {
        for (int attempt = 0; attempt < TRIES_PER_EXAMPLE; attempt++) {
            KarelGrid input = grids.sample(random);
            if (machine.run(program, input) != KarelMachine.OK || machine.outputEquals(input)
                    || !executedMoveAndMarkerAction(machine) || usedBefore(input, earlier)) {
                continue;
            }
            return new Example<>(input, machine.output(), heldout);
        }
        return null;
    }

    private static boolean usedBefore(KarelGrid input, List<Example<KarelGrid, KarelGrid>> earlier) {
        for (Example<KarelGrid, KarelGrid> example : earlier) {
            if (example.input().equals(input)) {
                return true;
            }
        }
        return false;
    }

    static boolean executedMoveAndMarkerAction(KarelMachine machine) {
        boolean move = false;
        boolean marker = false;
        for (int i = 0, n = machine.actionCount(); i < n && !(move && marker); i++) {
            Action action = machine.action(i);
            move |= action == Action.MOVE;
            marker |= action.isMarkerAction();
        }
        return move && marker;
    }

    private static boolean hasMoveAndMarkerAction(List<Statement> body) {
        return contains(body, Action.MOVE) && (contains(body, Action.PICK_MARKER) || contains(body, Action.PUT_MARKER));
    }

    private static boolean contains(List<Statement> block, Action wanted) {
        for (Statement statement : block) {
            if (statement == wanted) {
                return true;
            }
            for (List<Statement> child : Statements.blocks(statement)) {
                if (contains(child, wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
