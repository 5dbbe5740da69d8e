package lasso.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Two debuggers sharing each expansion: {@code round(max · share)} edits asked of {@code second}, the
 * rest of {@code first}, first's edits first, duplicates dropped (the neural debugger's focused edits
 * with some of the random mutations' breadth).
 */
public final class MixedEditor<P, I, O> implements Editor<P, I, O> {

    private final Editor<P, I, O> first;
    private final Editor<P, I, O> second;
    private final double share;

    public MixedEditor(Editor<P, I, O> first, Editor<P, I, O> second, double share) {
        if (share <= 0 || share >= 1) {
            throw new IllegalArgumentException("the second editor's share is strictly between 0 and 1, not " + share);
        }
        this.first = first;
        this.second = second;
        this.share = share;
    }

    @Override
    public CompletionStage<List<Candidate<P>>> edit(EditRequest<P, I, O> request) {
        int fromSecond = Math.min(request.max() - 1, Math.max(1, (int) Math.round(request.max() * share)));
        if (request.max() == 1) {
            return first.edit(request);
        }
        EditRequest<P, I, O> firstPart = new EditRequest<>(request.given(), request.parent(), request.traces(),
                request.max() - fromSecond, request.seed());
        EditRequest<P, I, O> secondPart = new EditRequest<>(request.given(), request.parent(), request.traces(),
                fromSecond, request.seed());
        return first.edit(firstPart).thenCombine(second.edit(secondPart), (a, b) -> {
            List<Candidate<P>> edits = new ArrayList<>(a.size() + b.size());
            Set<P> seen = new HashSet<>();
            for (List<Candidate<P>> part : List.of(a, b)) {
                for (Candidate<P> edit : part) {
                    if (seen.add(edit.program())) {
                        edits.add(edit);
                    }
                }
            }
            return edits;
        });
    }
}
