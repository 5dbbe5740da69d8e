package lasso.model.sed;

/** A supervised repair: what the debugger reads, and the token ids of the program it should write. */
public record RepairExample<I, O>(EditInput<I, O> input, int[] target) {
}
