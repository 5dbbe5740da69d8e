package lasso.search;

import java.util.List;

/**
 * What one round of a search fetches before it evaluates: {@code propose} candidates from the
 * synthesizer (0 for none) and the edits of each program in {@code expand} from the debugger (best
 * first; empty for none). Best-first and greedy expand one program a round unless the job asks for
 * more ({@link SearchSettings#expansionsPerRound()}).
 *
 * @param number the round's number, from 0
 */
public record Round<P>(long number, int propose, List<Expansion<P>> expand) {

    public Round {
        expand = List.copyOf(expand);
        if (propose < 0 || (propose == 0 && expand.isEmpty())) {
            throw new IllegalArgumentException("a round proposes, expands, or both");
        }
    }
}
