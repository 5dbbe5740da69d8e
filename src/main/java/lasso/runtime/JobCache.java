package lasso.runtime;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs decoded on this node, shared by its workers, so that a job's examples are decoded once
 * per node however many batches its executors run. Least recently used jobs are dropped first.
 */
final class JobCache implements Extension {

    private static final ExtensionId<JobCache> ID = new ExtensionId<>() {
        @Override
        public JobCache createExtension(ActorSystem<?> system) {
            return new JobCache(system.settings().config().getInt("lasso.workers.decoded-jobs"));
        }
    };

    private final Map<String, DecodedJob<?, ?, ?>> jobs;

    private JobCache(int capacity) {
        this.jobs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DecodedJob<?, ?, ?>> eldest) {
                return size() > capacity;
            }
        };
    }

    static JobCache get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The decoded job, decoding it if this node has not yet. */
    synchronized DecodedJob<?, ?, ?> decoded(String jobId, JobSpec spec) {
        DecodedJob<?, ?, ?> job = jobs.get(jobId);
        if (job == null) {
            job = JobCodec.decode(spec);
            jobs.put(jobId, job);
        }
        return job;
    }

    synchronized void forget(String jobId) {
        jobs.remove(jobId);
    }
}
