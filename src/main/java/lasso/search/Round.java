package lasso.search;

/**
 * What one round of a search fetches before it evaluates: {@code propose} candidates from the
 * synthesizer (0 for none) and the edits of {@code expand} from the debugger (null for none).
 */
public record Round<P>(int propose, Evaluated<P> expand) {

    public Round {
        if (propose < 0 || (propose == 0 && expand == null)) {
            throw new IllegalArgumentException("a round proposes, expands, or both");
        }
    }
}
