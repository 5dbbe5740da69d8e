package lasso.runtime;

import akka.actor.typed.ActorSystem;
import lasso.search.Evaluated;
import lasso.search.Evaluation;
import lasso.search.StopReason;

import java.util.List;
import java.util.Optional;

/**
 * A running job's search as its coordinator reports it: the best program so far and the budgets
 * spent; a final report runs the program on every example, held-out ones included, on this node.
 *
 * @param executed programs sent to executors, a batch sent again counted twice
 */
record JobReport(Optional<Evaluated<Program>> best, long expansions, long evaluated, long proposed, long executed) {

    /** The job's state for the reason its search stopped. */
    static JobState state(StopReason reason) {
        return switch (reason) {
            case FOUND -> JobState.SOLVED;
            case CANCELLED -> JobState.CANCELLED;
            case ERROR -> JobState.FAILED;
            default -> JobState.UNSOLVED;
        };
    }

    /** The job as it stands ({@code reason} null while it runs). */
    JobResult result(ActorSystem<?> system, String jobId, JobSpec spec, int attempt, JobState state,
                     StopReason reason, long millis, String message) {
        List<String> tokens = best.map(b -> b.program().tokens()).orElse(List.of());
        String program = "";
        Evaluation evaluation = best.map(Evaluated::evaluation).orElse(null);
        if (best.isPresent()) {
            DecodedJob<?, ?, ?> decoded = JobCache.get(system).decoded(jobId, spec);
            program = print(decoded, best.get().program());
            if (reason != null) {
                evaluation = evaluateAll(decoded, best.get().program());
            }
        }
        return new JobResult(jobId, spec.label(), state, reason, spec.settings().strategy(), tokens, program,
                evaluation == null ? 0 : evaluation.givenPassed(), spec.givenCount(),
                evaluation == null ? 0 : evaluation.heldoutPassed(), spec.heldoutCount(),
                expansions, evaluated, proposed, executed, attempt, millis, message);
    }

    /** The final result; a program that cannot be reported fails the job. */
    JobResult finalResult(ActorSystem<?> system, String jobId, JobSpec spec, int attempt, StopReason reason,
                          long millis, String message) {
        try {
            return result(system, jobId, spec, attempt, state(reason), reason, millis, message);
        } catch (RuntimeException e) {
            system.log().warn("job {}: cannot report the best program", jobId, e);
            return JobResult.ended(jobId, spec, JobState.FAILED, StopReason.ERROR, millis,
                    "cannot report the best program: " + e);
        }
    }

    private static <P> String print(DecodedJob<P, ?, ?> job, Program program) {
        return job.domain().print(job.parse(program));
    }

    private static <P> Evaluation evaluateAll(DecodedJob<P, ?, ?> job, Program program) {
        return job.evaluator().evaluateAll(job.parse(program));
    }
}
