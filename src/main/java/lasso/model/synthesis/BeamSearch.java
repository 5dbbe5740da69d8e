package lasso.model.synthesis;

import lasso.domain.SyntaxMask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Batched beam search under a grammar: every task keeps up to {@code width} live beams; each step
 * feeds all live beams of all tasks to the network at once, renormalises each row's logits over the
 * tokens its grammar mask allows, and keeps the {@code width} best extensions that go on. An
 * extension that completes the program (checked without copying the mask) is finished and joins the
 * task's {@code width} best finished programs, even below the live cut, so every finished program
 * parses and short programs are not crowded out by long ones. A task stops when
 * it has {@code width} finished programs and no live beam can still beat the worst of them (log
 * probabilities only fall), at its length limit, or as soon as it is abandoned (its job ended); the
 * rows of stopped tasks leave the batch, and a batch whose tasks are all abandoned stops at once.
 */
public final class BeamSearch {

    private BeamSearch() {
    }

    /** One live beam. */
    private record Beam(int task, int row, int[] tokens, double score, SyntaxMask mask) {
    }

    /** An extension of a live beam by one token. */
    private record Extension(Beam parent, int token, double score) {
    }

    /**
     * Decodes {@code tasks} tasks, one row each in {@code state} (the state grows to the beams).
     *
     * @return per task, up to {@code width} finished programs, most probable first
     */
    public static List<List<Hypothesis>> search(DecodingState state, int tasks, int width, int vocabulary,
                                                int startToken, int maxLength, Supplier<SyntaxMask> masks) {
        return search(state, tasks, width, vocabulary, startToken, maxLength, task -> masks.get(), task -> false);
    }

    /**
     * As {@link #search(DecodingState, int, int, int, int, int, Supplier)}, asking {@code abandoned}
     * before each step which tasks no longer need their programs: their beams leave the batch there
     * (an abandoned task keeps what it had finished).
     */
    public static List<List<Hypothesis>> search(DecodingState state, int tasks, int width, int vocabulary,
                                                int startToken, int maxLength, Supplier<SyntaxMask> masks,
                                                IntPredicate abandoned) {
        return search(state, tasks, width, vocabulary, startToken, maxLength, task -> masks.get(), abandoned);
    }

    /** As above, with each task's own mask ({@code masks} of the task's index): a debugger's depends on the program it edits. */
    public static List<List<Hypothesis>> search(DecodingState state, int tasks, int width, int vocabulary,
                                                int startToken, int maxLength, IntFunction<SyntaxMask> masks,
                                                IntPredicate abandoned) {
        return search(state, tasks, width, vocabulary, startToken, task -> maxLength, masks, abandoned);
    }

    /**
     * As above, with each task's own length limit ({@code maxLength} of the task's index): a debugger's
     * edit script is as long as the program it edits allows, and a task must decode the same in any
     * batch, so its beams stop at its own limit, not at the batch's longest.
     */
    public static List<List<Hypothesis>> search(DecodingState state, int tasks, int width, int vocabulary,
                                                int startToken, IntUnaryOperator maxLength,
                                                IntFunction<SyntaxMask> masks, IntPredicate abandoned) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be positive, not " + width);
        }
        List<List<Hypothesis>> finished = new ArrayList<>();
        List<Beam> live = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            finished.add(new ArrayList<>());
            live.add(new Beam(t, t, new int[0], 0, masks.apply(t)));
        }
        int longest = 0;
        for (int t = 0; t < tasks; t++) {
            longest = Math.max(longest, maxLength.applyAsInt(t));
        }
        float[] logProbabilities = new float[vocabulary];
        for (int step = 0; step < longest && !live.isEmpty(); step++) {
            int length = step;
            live = withoutAbandoned(state, live, tasks, t -> length >= maxLength.applyAsInt(t) || abandoned.test(t));
            if (live.isEmpty()) {
                break;
            }
            int[] fed = new int[live.size()];
            for (int i = 0; i < fed.length; i++) {
                Beam beam = live.get(i);
                fed[i] = beam.tokens.length == 0 ? startToken : beam.tokens[beam.tokens.length - 1];
            }
            float[] logits = state.step(fed);
            List<List<Extension>> byTask = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                byTask.add(null);
            }
            for (int i = 0; i < live.size(); i++) {
                Beam beam = live.get(i);
                normalise(logits, i * vocabulary, vocabulary, beam.mask, logProbabilities);
                List<Extension> extensions = byTask.get(beam.task);
                if (extensions == null) {
                    extensions = new ArrayList<>();
                    byTask.set(beam.task, extensions);
                }
                for (int v = 0; v < vocabulary; v++) {
                    if (logProbabilities[v] != Float.NEGATIVE_INFINITY) {
                        extensions.add(new Extension(beam, v, beam.score + logProbabilities[v]));
                    }
                }
            }
            List<Beam> next = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                List<Extension> extensions = byTask.get(t);
                if (extensions == null) {
                    continue;
                }
                extensions.sort(Comparator.comparingDouble((Extension x) -> x.score).reversed());
                List<Hypothesis> done = finished.get(t);
                int kept = 0;
                for (Extension extension : extensions) {
                    boolean full = done.size() >= width;
                    if (full && extension.score <= done.get(width - 1).logProbability()) {
                        break; // sorted: nothing from here on can enter the finished list or beat it later
                    }
                    boolean completes = extension.parent.mask.completedBy(extension.token);
                    if (!completes && kept == width) {
                        continue; // the live beams are full; later extensions may still finish a program
                    }
                    int[] tokens = Arrays.copyOf(extension.parent.tokens, extension.parent.tokens.length + 1);
                    tokens[tokens.length - 1] = extension.token;
                    if (completes) {
                        insert(done, new Hypothesis(tokens, extension.score), width);
                    } else {
                        SyntaxMask mask = extension.parent.mask.copy();
                        mask.accept(extension.token);
                        next.add(new Beam(t, next.size(), tokens, extension.score, mask));
                        parents.add(extension.parent.row);
                        kept++;
                    }
                }
            }
            live = next;
            if (!live.isEmpty()) {
                state.select(parents.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return finished;
    }

    /** The live beams of tasks not abandoned, the state cut down to their rows when some were. */
    private static List<Beam> withoutAbandoned(DecodingState state, List<Beam> live, int tasks, IntPredicate abandoned) {
        boolean[] gone = new boolean[tasks];
        boolean any = false;
        for (int t = 0; t < tasks; t++) {
            gone[t] = abandoned.test(t);
            any |= gone[t];
        }
        if (!any) {
            return live;
        }
        List<Beam> kept = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (Beam beam : live) {
            if (!gone[beam.task]) {
                kept.add(new Beam(beam.task, kept.size(), beam.tokens, beam.score, beam.mask));
                rows.add(beam.row);
            }
        }
        if (!kept.isEmpty() && kept.size() < live.size()) {
            state.select(rows.stream().mapToInt(Integer::intValue).toArray());
        }
        return kept;
    }

    /** Log-softmax of one row's logits over the tokens the mask allows (others: −∞). */
    public static void normalise(float[] logits, int offset, int vocabulary, SyntaxMask mask, float[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocabulary; v++) {
            if (mask.allows(v)) {
                max = Math.max(max, logits[offset + v]);
            }
        }
        double sum = 0;
        for (int v = 0; v < vocabulary; v++) {
            if (mask.allows(v)) {
                sum += Math.exp(logits[offset + v] - max);
            }
        }
        double logSum = max + Math.log(sum);
        for (int v = 0; v < vocabulary; v++) {
            out[v] = mask.allows(v) ? (float) (logits[offset + v] - logSum) : Float.NEGATIVE_INFINITY;
        }
    }

    private static void insert(List<Hypothesis> done, Hypothesis hypothesis, int width) {
        int at = 0;
        while (at < done.size() && done.get(at).logProbability() >= hypothesis.logProbability()) {
            at++;
        }
        done.add(at, hypothesis);
        if (done.size() > width) {
            done.remove(done.size() - 1);
        }
    }
}
