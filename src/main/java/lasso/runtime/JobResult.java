package lasso.runtime;

import lasso.search.StopReason;
import lasso.search.Strategy;

import java.util.List;

/**
 * A job's result, or a snapshot of it while it is queued or running (then {@code stopReason} is
 * null and the program is the best so far). Watchers receive snapshots as progress and the final
 * result last.
 *
 * @param tokens        the program's canonical tokens (empty when no valid program was found)
 * @param program       the program's text as the domain prints it
 * @param heldoutPassed held-out examples the reported program passes (all of them are run at the end)
 * @param proposed      candidates received from the synthesizer and the debugger, duplicates included
 * @param executed      programs sent to executors (a batch sent again after a timeout counts twice):
 *                      {@code executed - evaluated} programs were evaluated twice
 * @param attempts      times the job started; more than one when a node it ran on was lost
 * @param message       why a job failed or was cancelled; empty otherwise
 */
public record JobResult(String jobId, String label, JobState state, StopReason stopReason, Strategy strategy,
                        List<String> tokens, String program, int givenPassed, int givenTotal, int heldoutPassed,
                        int heldoutTotal, long expansions, long evaluated, long proposed, long executed,
                        int attempts, long millis, String message) implements CborSerializable {

    public JobResult {
        tokens = List.copyOf(tokens);
    }

    /** T(p, e) of the reported program on the given examples. */
    public double bestScore() {
        return givenTotal == 0 ? 0 : (double) givenPassed / givenTotal;
    }

    /** A snapshot of a job that has not started. */
    static JobResult queued(String jobId, JobSpec spec) {
        return new JobResult(jobId, spec.label(), JobState.QUEUED, null, spec.settings().strategy(), List.of(), "",
                0, spec.givenCount(), 0, spec.heldoutCount(), 0, 0, 0, 0, 0, 0, "");
    }

    /** The snapshot of a job that starts (or starts again): running, with what it had found so far. */
    JobResult running() {
        return state == JobState.QUEUED ? new JobResult(jobId, label, JobState.RUNNING, null, strategy, tokens, program,
                givenPassed, givenTotal, heldoutPassed, heldoutTotal, expansions, evaluated, proposed, executed, attempts,
                millis, message)
                : this;
    }

    /** The final result of a job that ends without having searched (cancelled while queued, failed). */
    static JobResult ended(String jobId, JobSpec spec, JobState state, StopReason reason, long millis,
                           String message) {
        return new JobResult(jobId, spec.label(), state, reason, spec.settings().strategy(), List.of(), "",
                0, spec.givenCount(), 0, spec.heldoutCount(), 0, 0, 0, 0, 0, millis, message);
    }
}
