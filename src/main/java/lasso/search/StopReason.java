package lasso.search;

/** Why a search stopped. */
public enum StopReason {
    /** A program passes every given example. */
    FOUND,
    /** The debugger was invoked as often as the budget allows. */
    EXPANSION_BUDGET,
    /** As many programs were evaluated as the budget allows. */
    EVALUATION_BUDGET,
    /**
     * A frontier shard of the job holds its share of programs (its node's bound on programs held,
     * shared among the shards there), so that no job takes a node's memory.
     */
    MEMORY_BUDGET,
    /** The wall-clock deadline passed. */
    DEADLINE,
    /** Nothing is left to try: the synthesizer has no more candidates and the frontier is empty. */
    EXHAUSTED,
    /** The job was cancelled. */
    CANCELLED,
    /** A part of the search failed; the job's message says what. */
    ERROR
}
