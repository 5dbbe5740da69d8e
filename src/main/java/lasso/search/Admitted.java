package lasso.search;

import java.util.function.UnaryOperator;

/**
 * A candidate the search has accepted for evaluation: new to the job and within its budget. The
 * sequence number is the order of admission, which breaks the last ties of the frontier (FIFO).
 *
 * @param fromEditor whether the debugger proposed it (else the synthesizer)
 */
public record Admitted<P>(long seq, P program, double score, boolean fromEditor) {

    /** The same admission with its program in another form (as a shard keeps it once evaluated). */
    public Admitted<P> withProgram(UnaryOperator<P> form) {
        return new Admitted<>(seq, form.apply(program), score, fromEditor);
    }
}
