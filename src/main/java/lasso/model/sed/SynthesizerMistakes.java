package lasso.model.sed;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.SynthesisEvaluation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * SED's fine-tuning data (models.md C.7): a synthesizer decodes training tasks, and where its answer
 * (the first beam that passes the given examples, else the top one) fails a given example, that
 * wrong program and the task's program make a repair.
 */
public final class SynthesizerMistakes {

    /** A wrong answer of the synthesizer on a task, and which decoding gave it ({@code beam32}, {@code greedy}). */
    public record Mistake<P, I, O>(Repairs.Source<P, I, O> source, P wrong, String decodedBy) {
    }

    private SynthesizerMistakes() {
    }

    /**
     * Decodes every source with each beam width (1: greedy), {@code batch} tasks at a time, and keeps
     * the distinct wrong answers per task; {@code progress} hears of each task decoded (sources × widths).
     */
    public static <P, I, O> List<Mistake<P, I, O>> collect(NeuralSynthesizer<P, I, O> synthesizer,
                                                           List<Repairs.Source<P, I, O>> sources, List<Integer> widths,
                                                           int batch, LongConsumer progress) {
        Domain<P, I, O> domain = synthesizer.domain();
        List<Set<P>> wrong = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            wrong.add(new HashSet<>());
        }
        List<Mistake<P, I, O>> mistakes = new ArrayList<>();
        long done = 0;
        for (int width : widths) {
            String name = width == 1 ? "greedy" : "beam" + width;
            for (int from = 0; from < sources.size(); from += batch) {
                List<Repairs.Source<P, I, O>> part = sources.subList(from, Math.min(sources.size(), from + batch));
                List<List<Decoded<P>>> decoded = synthesizer.decode(part.stream().map(Repairs.Source::given).toList(), width);
                for (int i = 0; i < part.size(); i++) {
                    P answer = answer(domain, decoded.get(i), part.get(i).given());
                    if (answer != null && wrong.get(from + i).add(answer)) {
                        mistakes.add(new Mistake<>(part.get(i), answer, name));
                    }
                    progress.accept(++done);
                }
            }
        }
        return mistakes;
    }

    /** The wrong answer of a beam: its top program when no program of the beam passes the given examples. */
    private static <P, I, O> P answer(Domain<P, I, O> domain, List<Decoded<P>> beam, List<Example<I, O>> given) {
        if (beam.isEmpty()) {
            return null;
        }
        for (Decoded<P> program : beam) {
            if (SynthesisEvaluation.passesAll(domain, program.program(), given)) {
                return null;
            }
        }
        return beam.get(0).program();
    }
}
