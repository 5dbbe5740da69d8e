package lasso.model.synthesis;

import lasso.domain.Domain;
import lasso.domain.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Evaluates a synthesizer the way SED and LaSynth do (karel.md §5.3): beam search on the given
 * examples, then the first program of the beam that passes every given example is the answer
 * (execution-filtered selection; the top of the beam when none does). The answer generalises when it
 * passes all the task's examples, held-out ones included, and matches exactly when its tokens are
 * the reference program's.
 */
public final class SynthesisEvaluation {

    private SynthesisEvaluation() {
    }

    /** A task to evaluate: its given examples, all its examples, and the reference program (may be null). */
    public record Case<P, I, O>(String id, List<Example<I, O>> given, List<Example<I, O>> all, P reference) {
    }

    /**
     * One task's outcome.
     *
     * @param answer      the selected program, null when the beam found nothing
     * @param rank        the answer's place in the beam (0 = most probable), -1 without an answer
     * @param passesGiven whether the answer passes every given example
     * @param generalizes whether it passes every example (given and held out)
     * @param exact       whether its tokens are the reference program's
     * @param beam        programs the beam returned
     */
    public record Result<P>(String id, P reference, P answer, int rank, boolean passesGiven, boolean generalizes,
                            boolean exact, int beam) {
    }

    /** Evaluates the cases in batches of {@code batch} tasks per beam search; {@code progress} hears of each task. */
    public static <P, I, O> List<Result<P>> run(NeuralSynthesizer<P, I, O> synthesizer, List<Case<P, I, O>> cases,
                                                int width, int batch, IntConsumer progress) {
        Domain<P, I, O> domain = synthesizer.domain();
        List<Result<P>> results = new ArrayList<>(cases.size());
        for (int from = 0; from < cases.size(); from += batch) {
            List<Case<P, I, O>> part = cases.subList(from, Math.min(cases.size(), from + batch));
            List<List<Decoded<P>>> decoded = synthesizer.decode(part.stream().map(Case::given).toList(), width);
            for (int i = 0; i < part.size(); i++) {
                results.add(judge(domain, part.get(i), decoded.get(i)));
                progress.accept(from + i + 1);
            }
        }
        return results;
    }

    /** The execution-filtered answer among a task's beam, and how it fares. */
    public static <P, I, O> Result<P> judge(Domain<P, I, O> domain, Case<P, I, O> task, List<Decoded<P>> beam) {
        int rank = -1;
        for (int r = 0; r < beam.size() && rank < 0; r++) {
            if (passesAll(domain, beam.get(r).program(), task.given())) {
                rank = r;
            }
        }
        boolean passesGiven = rank >= 0;
        if (rank < 0 && !beam.isEmpty()) {
            rank = 0;
        }
        P answer = rank < 0 ? null : beam.get(rank).program();
        boolean generalizes = passesGiven && passesAll(domain, answer, task.all());
        boolean exact = answer != null && task.reference() != null
                && domain.tokens(answer).equals(domain.tokens(task.reference()));
        return new Result<>(task.id(), task.reference(), answer, rank, passesGiven, generalizes, exact, beam.size());
    }

    public static <P, I, O> boolean passesAll(Domain<P, I, O> domain, P program, List<Example<I, O>> examples) {
        for (Example<I, O> example : examples) {
            if (example.output() != null && !domain.passes(program, example)) {
                return false;
            }
        }
        return true;
    }
}
