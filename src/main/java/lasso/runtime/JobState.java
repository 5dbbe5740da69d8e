package lasso.runtime;

/** Where a job is in its life. */
public enum JobState {
    QUEUED,
    RUNNING,
    /** A program passes every given example. */
    SOLVED,
    /** A budget, the deadline or the search space ran out first. */
    UNSOLVED,
    CANCELLED,
    /** The job could not run; its message says why. */
    FAILED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
