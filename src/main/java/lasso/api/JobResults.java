package lasso.api;

import lasso.api.v1.JobEvent;
import lasso.api.v1.JobState;
import lasso.api.v1.Progress;
import lasso.api.v1.StopReason;
import lasso.api.v1.Strategy;
import lasso.runtime.JobResult;

/** The runtime's results as API messages. */
public final class JobResults {

    private JobResults() {
    }

    public static lasso.api.v1.JobResult toProto(JobResult result) {
        return lasso.api.v1.JobResult.newBuilder()
                .setJobId(result.jobId())
                .setLabel(result.label())
                .setState(state(result.state()))
                .setStopReason(reason(result.stopReason()))
                .setProgram(result.program())
                .addAllTokens(result.tokens())
                .setGivenPassed(result.givenPassed())
                .setGivenTotal(result.givenTotal())
                .setHeldoutPassed(result.heldoutPassed())
                .setHeldoutTotal(result.heldoutTotal())
                .setExpansions(result.expansions())
                .setEvaluated(result.evaluated())
                .setProposed(result.proposed())
                .setExecuted(result.executed())
                .setAttempts(result.attempts())
                .setMillis(result.millis())
                .setStrategy(strategy(result.strategy()))
                .setMessage(result.message())
                .build();
    }

    /** A final result as the last event of a watch, a snapshot as progress. */
    public static JobEvent toEvent(JobResult snapshot) {
        if (snapshot.state().isFinal()) {
            return JobEvent.newBuilder().setResult(toProto(snapshot)).build();
        }
        return JobEvent.newBuilder().setProgress(Progress.newBuilder()
                .setJobId(snapshot.jobId())
                .setState(state(snapshot.state()))
                .setExpansions(snapshot.expansions())
                .setEvaluated(snapshot.evaluated())
                .setProposed(snapshot.proposed())
                .setBestScore(snapshot.bestScore())
                .setBestProgram(snapshot.program())
                .setMillis(snapshot.millis())).build();
    }

    public static JobState state(lasso.runtime.JobState state) {
        return switch (state) {
            case QUEUED -> JobState.QUEUED;
            case RUNNING -> JobState.RUNNING;
            case SOLVED -> JobState.SOLVED;
            case UNSOLVED -> JobState.UNSOLVED;
            case CANCELLED -> JobState.CANCELLED;
            case FAILED -> JobState.FAILED;
        };
    }

    private static StopReason reason(lasso.search.StopReason reason) {
        if (reason == null) {
            return StopReason.STOP_REASON_UNSPECIFIED;
        }
        return switch (reason) {
            case FOUND -> StopReason.FOUND;
            case EXPANSION_BUDGET -> StopReason.EXPANSION_BUDGET;
            case EVALUATION_BUDGET -> StopReason.EVALUATION_BUDGET;
            case MEMORY_BUDGET -> StopReason.MEMORY_BUDGET;
            case DEADLINE -> StopReason.DEADLINE;
            case EXHAUSTED -> StopReason.EXHAUSTED;
            case CANCELLED -> StopReason.CANCEL;
            case ERROR -> StopReason.ERROR;
        };
    }

    private static Strategy strategy(lasso.search.Strategy strategy) {
        return switch (strategy) {
            case BEST_FIRST -> Strategy.BEST_FIRST;
            case BEAM -> Strategy.BEAM;
            case GREEDY -> Strategy.GREEDY;
        };
    }
}
