package lasso.search;

/**
 * A program proposed by a synthesizer or an editor, with the proposer's own score (a log
 * probability, or minus the program's size for an enumeration): higher is better. The search uses it
 * to break ties between programs that pass the same number of examples.
 */
public record Candidate<P>(P program, double score) {

    public Candidate {
        if (program == null) {
            throw new IllegalArgumentException("a candidate needs a program");
        }
    }
}
