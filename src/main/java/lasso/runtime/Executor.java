package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import lasso.search.Evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs batches of candidate programs on a job's examples and answers with one {@link Evaluation}
 * per program (per-example results; held-out results for programs that pass every given example),
 * and, when asked, records a program's traces on the given examples for a debugger.
 * A pool of them runs on a dedicated dispatcher sized to the cores; each registers with the
 * Receptionist, so executors on any node of the cluster serve every job.
 */
public final class Executor {

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "lasso-executor");

    public interface Command extends CborSerializable {
    }

    /** Evaluate {@code programs} for job {@code jobId}; {@code batch} is echoed. */
    public record Run(String jobId, JobSpec spec, long batch, List<Program> programs,
                      ActorRef<Results> replyTo) implements Command {
    }

    /** One evaluation per program, in order; or {@code error} when the batch could not run. */
    public record Results(String jobId, long batch, List<Evaluation> evaluations, String error)
            implements CborSerializable {
    }

    /** Record {@code program}'s traces on the job's given examples; {@code request} is echoed. */
    public record TraceRun(String jobId, JobSpec spec, long request, Program program, ActorRef<Traced> replyTo)
            implements Command {
    }

    /** One trace per given example, in order; or {@code error} when the program could not be traced. */
    public record Traced(String jobId, long request, Traces traces, String error) implements CborSerializable {
    }

    private Executor() {
    }

    public static Behavior<Command> create() {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
            JobCache cache = JobCache.get(context.getSystem());
            return Behaviors.receive(Command.class)
                    .onMessage(Run.class, run -> onRun(context, cache, run))
                    .onMessage(TraceRun.class, trace -> onTrace(context, cache, trace))
                    .build();
        });
    }

    private static Behavior<Command> onRun(ActorContext<Command> context, JobCache cache, Run run) {
        Results results;
        try {
            DecodedJob<?, ?, ?> job = cache.decoded(run.jobId(), run.spec());
            List<Evaluation> evaluations = new ArrayList<>(run.programs().size());
            for (Program program : run.programs()) {
                evaluations.add(job.evaluate(program));
            }
            results = new Results(run.jobId(), run.batch(), evaluations, null);
            NodeMetrics.CANDIDATES_EVALUATED.inc(evaluations.size());
            NodeMetrics.EXECUTOR_BATCHES.inc();
        } catch (RuntimeException e) {
            context.getLog().warn("job {}: batch {} failed", run.jobId(), run.batch(), e);
            results = new Results(run.jobId(), run.batch(), List.of(), "executor failed: " + e);
        }
        run.replyTo().tell(results);
        return Behaviors.same();
    }

    private static Behavior<Command> onTrace(ActorContext<Command> context, JobCache cache, TraceRun run) {
        Traced traced;
        try {
            traced = new Traced(run.jobId(), run.request(), cache.decoded(run.jobId(), run.spec()).trace(run.program()),
                    null);
            NodeMetrics.EXECUTOR_TRACES.inc();
        } catch (RuntimeException e) {
            context.getLog().warn("job {}: tracing {} failed", run.jobId(), run.program(), e);
            traced = new Traced(run.jobId(), run.request(), null, "executor failed to trace: " + e);
        }
        run.replyTo().tell(traced);
        return Behaviors.same();
    }
}
