package lasso.domain.c;

import lasso.domain.TokenSpan;

/**
 * A program compiled for {@link CMachine}: a flat int array of instructions over one int frame.
 *
 * <p>Frame layout: the list {@code a} in cells 0..4, the variables (one cell per declaration) from
 * cell {@link #VARS}, then the operand stack, then one cell where a failed run leaves the bad index.
 *
 * @param sites one per step site (a statement, or the condition of an {@code if} or {@code for}):
 *              what traces report about it
 */
record CCode(int[] code, int slots, int maxStack, Site[] sites, boolean traced) {

    static final int VARS = CArray.LENGTH;

    /**
     * A place where a step happens.
     *
     * @param type          the construct ({@code assign}, {@code if}, {@code for}, …)
     * @param span          the statement's tokens ({@code null} unless compiled for traces)
     * @param condition     the condition's tokens for {@code if} and {@code for}, else null
     * @param visibleSlots  the variables in scope after the step (innermost of each name)
     * @param visibleNames  their canonical names
     */
    record Site(String type, TokenSpan span, TokenSpan condition, int[] visibleSlots, String[] visibleNames) {
    }

    int stackBase() {
        return VARS + slots;
    }

    int frameSize() {
        return VARS + slots + maxStack + 1;
    }
}
