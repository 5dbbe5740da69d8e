package lasso.model.lasynth;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CProgram;
import lasso.domain.c.CStatementEnds;
import lasso.model.synthesis.NeuralSynthesizer;

import java.util.List;
import java.util.Locale;

/**
 * Does LaSynth's latent executor execute? Each task's reference program is read by teacher forcing
 * on its given examples; at every run of the executor, the argmax of Î is compared with the true list
 * after the statements completed so far ({@link CStatementEnds#completed}, run by the interpreter),
 * on the positions those statements have changed (the list differs from the input there) and on the
 * others. At the program's end, Î_T is compared with the output, once with the task's own program and
 * once with another task's (the next one's): an executor that executes does much worse with the
 * wrong program; one that reads the output off the decoder's state does not.
 */
public final class ExecutorProbe {

    private static final CDomain DOMAIN = new CDomain();

    private ExecutorProbe() {
    }

    /** A task to probe: its given examples and reference program. */
    public record Task(List<Example<CArray, CArray>> given, CProgram program) {
    }

    /** Right answers out of compared positions. */
    public record Share(long right, long of) {

        Share plus(boolean correct) {
            return new Share(right + (correct ? 1 : 0), of + 1);
        }

        public double percent() {
            return of == 0 ? Double.NaN : 100.0 * right / of;
        }

        /** A share of nothing (NoPartialExecutor has no executor run before the end) is a dash, not NaN. */
        @Override
        public String toString() {
            return of == 0 ? "— (0 / 0)" : String.format(Locale.ROOT, "%.1f %% (%d / %d)", percent(), right, of);
        }
    }

    /**
     * What the probe measured.
     *
     * @param runs            executor runs before the program's end, over all tasks
     * @param changed         mid-program: Î's argmax right where the completed statements changed the list
     * @param changedAtInput  mid-program, same positions: Î's argmax still the input's value
     * @param unchanged       mid-program: right where the list still holds the input's value
     * @param undefined       mid-program positions left out: the completed statements fail or leave −4..4
     * @param finalChanged    Î_T right where the output differs from the input, the task's own program
     * @param finalAll        Î_T right on every position, own program
     * @param shuffledChanged Î_T right where the output differs from the input, another task's program
     * @param shuffledAll     Î_T right on every position, another task's program
     */
    public record Report(int tasks, long runs, Share changed, Share changedAtInput, Share unchanged, long undefined,
                         Share finalChanged, Share finalAll, Share shuffledChanged, Share shuffledAll) {

        /** The figures as a Markdown table. */
        public String markdown() {
            StringBuilder text = new StringBuilder();
            text.append("| measure | value |\n|---|---|\n");
            row(text, "tasks", Integer.toString(tasks));
            row(text, "executor runs before the program's end", Long.toString(runs));
            row(text, "mid-program, already-changed positions: argmax = true list", changed.toString());
            row(text, "mid-program, already-changed positions: argmax = input (not executed)", changedAtInput.toString());
            row(text, "mid-program, unchanged positions: argmax = true list", unchanged.toString());
            row(text, "mid-program positions left out (completed statements fail or leave −4..4)", Long.toString(undefined));
            row(text, "final Î_T, positions the program changes: own program", finalChanged.toString());
            row(text, "final Î_T, positions the program changes: another task's program", shuffledChanged.toString());
            row(text, "final Î_T, all positions: own program", finalAll.toString());
            row(text, "final Î_T, all positions: another task's program", shuffledAll.toString());
            return text.toString();
        }

        private static void row(StringBuilder text, String label, String value) {
            text.append("| ").append(label).append(" | ").append(value).append(" |\n");
        }
    }

    /**
     * Probes a LaSynth synthesizer with a latent executor on tasks (at least two, for the shuffled
     * programs), {@code batch} tasks at a time.
     *
     * @throws IllegalArgumentException when the model is not LaSynth with an executor, or too few tasks
     */
    public static Report run(NeuralSynthesizer<CProgram, CArray, CArray> synthesizer, List<Task> tasks, int batch) {
        if (!(synthesizer.network() instanceof LaSynthNetwork network) || !synthesizer.config().latentExecutor()) {
            throw new IllegalArgumentException(synthesizer.config().name() + " has no latent executor to probe");
        }
        if (tasks.size() < 2) {
            throw new IllegalArgumentException("the probe needs at least two tasks (one's program runs on another's "
                    + "examples), not " + tasks.size());
        }
        Tally tally = new Tally();
        for (int from = 0; from < tasks.size(); from += batch) {
            List<Task> part = tasks.subList(from, Math.min(tasks.size(), from + batch));
            List<List<Example<CArray, CArray>>> given = part.stream().map(Task::given).toList();
            int[][] own = new int[part.size()][];
            int[][] other = new int[part.size()][];
            for (int i = 0; i < part.size(); i++) {
                own[i] = synthesizer.tokenIds(part.get(i).program());
                other[i] = synthesizer.tokenIds(tasks.get((from + i + 1) % tasks.size()).program());
            }
            List<List<LaSynthNetwork.Execution>> ownRuns;
            List<List<LaSynthNetwork.Execution>> otherRuns;
            try (NDManager manager = synthesizer.djlModel().getNDManager().newSubManager()) {
                ParameterStore store = new ParameterStore(manager, false);
                ownRuns = network.executions(store, manager, given, own);
                otherRuns = network.executions(store, manager, given, other);
            }
            for (int i = 0; i < part.size(); i++) {
                tally.task(part.get(i), ownRuns.get(i), otherRuns.get(i));
            }
        }
        return tally.report(tasks.size());
    }

    /** The running counts. */
    private static final class Tally {
        long runs;
        long undefined;
        Share changed = new Share(0, 0);
        Share changedAtInput = new Share(0, 0);
        Share unchanged = new Share(0, 0);
        Share finalChanged = new Share(0, 0);
        Share finalAll = new Share(0, 0);
        Share shuffledChanged = new Share(0, 0);
        Share shuffledAll = new Share(0, 0);

        void task(Task task, List<LaSynthNetwork.Execution> own, List<LaSynthNetwork.Execution> other) {
            List<String> tokens = task.program().tokens();
            for (LaSynthNetwork.Execution run : own.subList(0, own.size() - 1)) {
                runs++;
                CProgram completed = CStatementEnds.completed(tokens, run.position());
                for (int k = 0; k < task.given().size(); k++) {
                    CArray input = task.given().get(k).input();
                    Outcome<CArray> outcome = DOMAIN.run(completed, input);
                    for (int i = 0; i < CArray.LENGTH; i++) {
                        if (!(outcome instanceof Outcome.Ok<CArray> ok) || Math.abs(ok.output().get(i)) > LaSynthNetwork.RANGE) {
                            undefined++;
                            continue;
                        }
                        int truth = ok.output().get(i);
                        int predicted = run.values()[k][i];
                        if (truth != input.get(i)) {
                            changed = changed.plus(predicted == truth);
                            changedAtInput = changedAtInput.plus(predicted == input.get(i));
                        } else {
                            unchanged = unchanged.plus(predicted == truth);
                        }
                    }
                }
            }
            int[][] ownFinal = own.get(own.size() - 1).values();
            int[][] otherFinal = other.get(other.size() - 1).values();
            for (int k = 0; k < task.given().size(); k++) {
                Example<CArray, CArray> example = task.given().get(k);
                for (int i = 0; i < CArray.LENGTH; i++) {
                    int output = example.output().get(i);
                    finalAll = finalAll.plus(ownFinal[k][i] == output);
                    shuffledAll = shuffledAll.plus(otherFinal[k][i] == output);
                    if (output != example.input().get(i)) {
                        finalChanged = finalChanged.plus(ownFinal[k][i] == output);
                        shuffledChanged = shuffledChanged.plus(otherFinal[k][i] == output);
                    }
                }
            }
        }

        Report report(int tasks) {
            return new Report(tasks, runs, changed, changedAtInput, unchanged, undefined, finalChanged, finalAll,
                    shuffledChanged, shuffledAll);
        }
    }
}
