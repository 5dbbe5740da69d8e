package lasso.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.receptionist.Receptionist;
import lasso.search.Candidate;
import lasso.search.Evaluated;
import lasso.search.Seeds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A frontier shard's expansions in progress: each program is traced by an executor (one of the
 * shard's node first), then edited by a debugger (of the shard's node first), asked again when its
 * worker leaves or stays silent for the request timeout. {@code T} is what the shard tags an
 * expansion with, to know it again when its edits come.
 */
final class ShardExpansions<T> {

    /** An expansion's edits, or {@code error} when a worker failed. */
    record Done<T>(T tag, Evaluated<Program> parent, List<Candidate<Program>> edits, String error) {
    }

    private static final class Expanding<T> {
        final T tag;
        final Evaluated<Program> parent;
        final long index;
        Traces traces;
        ActorRef<?> asked;
        long askedNanos;

        Expanding(T tag, Evaluated<Program> parent, long index) {
            this.tag = tag;
            this.parent = parent;
            this.index = index;
        }
    }

    private final String jobId;
    private final RuntimeSettings settings;
    private final ExecutorBatches batches;
    private final ActorRef<Executor.Traced> traced;
    private final ActorRef<Debugger.Edited> edited;
    private final Map<Long, Expanding<T>> expanding = new HashMap<>();
    private List<ActorRef<Debugger.Command>> debuggers = List.of();
    private long nextRequest;
    private int rotation;

    ShardExpansions(String jobId, RuntimeSettings settings, ExecutorBatches batches,
                    ActorRef<Executor.Traced> traced, ActorRef<Debugger.Edited> edited) {
        this.jobId = jobId;
        this.settings = settings;
        this.batches = batches;
        this.traced = traced;
        this.edited = edited;
    }

    /** A shard hears of the executors and debuggers listed, now and whenever that changes. */
    static void subscribeToWorkers(ActorSystem<?> system, ActorRef<Receptionist.Listing> listings) {
        system.receptionist().tell(Receptionist.subscribe(Executor.SERVICE_KEY, listings));
        system.receptionist().tell(Receptionist.subscribe(Debugger.SERVICE_KEY, listings));
    }

    /** The executors or the debuggers listed now. */
    void listed(Receptionist.Listing listing) {
        if (listing.isForKey(Executor.SERVICE_KEY)) {
            batches.executors(listing.getServiceInstances(Executor.SERVICE_KEY));
        } else if (listing.isForKey(Debugger.SERVICE_KEY)) {
            debuggers = ExecutorBatches.local(listing.getServiceInstances(Debugger.SERVICE_KEY));
        }
    }

    /**
     * Expands {@code parent}; {@code index} numbers the job's expansions: the debugger's seed is
     * {@code Seeds.mix(seed, index)}, so its edits do not depend on where it runs.
     */
    void start(JobSpec spec, T tag, Evaluated<Program> parent, long index) {
        long request = nextRequest++;
        Expanding<T> e = new Expanding<>(tag, parent, index);
        expanding.put(request, e);
        askTraces(spec, request, e);
    }

    private void askTraces(JobSpec spec, long request, Expanding<T> e) {
        ActorRef<Executor.Command> executor = batches.anyExecutor(rotation++);
        e.asked = executor;
        e.askedNanos = System.nanoTime();
        if (executor != null) {
            executor.tell(new Executor.TraceRun(jobId, spec, request, e.parent.program(), traced));
        }
    }

    private void askEdits(JobSpec spec, long request, Expanding<T> e) {
        e.askedNanos = System.nanoTime();
        e.asked = null;
        if (debuggers.isEmpty()) {
            return;
        }
        ActorRef<Debugger.Command> debugger = debuggers.get(Math.floorMod(rotation++, debuggers.size()));
        e.asked = debugger;
        debugger.tell(new Debugger.Expand(jobId, spec, request, e.parent.program(), e.parent.candidate().score(),
                e.traces, spec.settings().editsPerExpansion(), Seeds.mix(spec.settings().seed(), e.index), edited));
    }

    /** The traces of an expansion: on to a debugger; an error when the executor failed, else null. */
    String traced(JobSpec spec, Executor.Traced answer) {
        Expanding<T> e = expanding.get(answer.request());
        if (e == null || e.traces != null) {
            return null;
        }
        if (answer.error() != null) {
            return answer.error();
        }
        e.traces = answer.traces();
        askEdits(spec, answer.request(), e);
        return null;
    }

    /** The edits of an expansion, or null when it is not (or no longer) in progress. */
    Done<T> edited(Debugger.Edited answer) {
        Expanding<T> e = expanding.remove(answer.expansion());
        return e == null ? null : new Done<>(e.tag, e.parent, answer.edits(), answer.error());
    }

    /**
     * Asks again what was asked of a worker that left or stays silent for the request timeout, the
     * shard's evaluation batches included (put back in the queue, for the caller to dispatch);
     * whether any batch was late.
     */
    boolean askAgainLate(JobSpec spec, long now) {
        long timeout = settings.requestTimeout().toNanos();
        for (Map.Entry<Long, Expanding<T>> entry : new ArrayList<>(expanding.entrySet())) {
            Expanding<T> e = entry.getValue();
            boolean gone = e.asked == null || (e.traces == null ? !batches.has(e.asked) : !debuggers.contains(e.asked));
            if (gone || now - e.askedNanos > timeout) {
                if (e.traces == null) {
                    askTraces(spec, entry.getKey(), e);
                } else {
                    askEdits(spec, entry.getKey(), e);
                }
            }
        }
        return batches.resendLate(now);
    }
}
