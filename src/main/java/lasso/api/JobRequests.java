package lasso.api;

import lasso.api.v1.Job;
import lasso.api.v1.SearchOptions;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.Excerpt;
import lasso.domain.Task;
import lasso.runtime.JobLimits;
import lasso.runtime.JobSpec;
import lasso.runtime.JobCodec;
import lasso.search.SearchSettings;
import lasso.search.Strategy;

import java.util.ArrayList;
import java.util.List;

/** Checks a job request field by field and turns it into the runtime's {@link JobSpec}, and back. */
public final class JobRequests {

    /** Longer than any job id a server hands out (UUIDs, 36 characters). */
    static final int MAX_JOB_ID_CHARS = 128;

    private JobRequests() {
    }

    /**
     * The job a request describes, with the server's defaults for the options it leaves at 0. The
     * sizes and numbers are checked against {@code limits} before any example is decoded.
     *
     * @throws IllegalArgumentException naming the first bad field (for {@code INVALID_ARGUMENT})
     */
    public static JobSpec toSpec(Job job, SearchSettings defaults, JobLimits limits) {
        if (job.getDomain().isEmpty()) {
            throw new IllegalArgumentException("job.domain: missing (known: " + Domains.names() + ")");
        }
        try {
            Domains.named(job.getDomain());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job.domain: " + e.getMessage(), e);
        }
        ExampleCodec<?, ?> codec = ExampleCodecs.forDomain(job.getDomain()).orElseThrow(() ->
                new IllegalArgumentException("job.domain: domain '" + job.getDomain() + "' has no typed examples in this API"));
        if (job.getGivenCount() == 0) {
            throw new IllegalArgumentException("job.given: a job needs at least one given example");
        }
        limits.checkExamples("job.given and job.heldout", (long) job.getGivenCount() + job.getHeldoutCount());
        limits.checkLabel("job.label", job.getLabel());
        SearchSettings settings = settings(job.getOptions(), defaults);
        limits.checkSearch(settings, "job.options.");
        return toSpec(codec, job, settings);
    }

    /**
     * A job id from a request.
     *
     * @throws IllegalArgumentException when it is longer than any id this server hands out
     */
    public static String jobId(String jobId) {
        if (jobId.length() > MAX_JOB_ID_CHARS) {
            throw new IllegalArgumentException("job_id: " + Excerpt.quoted(jobId) + " is longer than any job id ("
                    + MAX_JOB_ID_CHARS + " characters at most)");
        }
        return jobId;
    }

    private static <I, O> JobSpec toSpec(ExampleCodec<I, O> codec, Job job, SearchSettings settings) {
        List<Example<I, O>> given = new ArrayList<>();
        for (int i = 0; i < job.getGivenCount(); i++) {
            given.add(codec.decode(job.getGiven(i), "job.given[" + i + "]"));
        }
        List<Example<I, O>> heldout = new ArrayList<>();
        for (int i = 0; i < job.getHeldoutCount(); i++) {
            heldout.add(codec.decode(job.getHeldout(i), "job.heldout[" + i + "]"));
        }
        return JobCodec.encode(codec.domain(), job.getLabel(), given, heldout, settings);
    }

    /** The search settings of the options, 0 meaning the default; the caller checks them against its {@link JobLimits}. */
    public static SearchSettings settings(SearchOptions options, SearchSettings defaults) {
        Strategy strategy = switch (options.getStrategy()) {
            case STRATEGY_UNSPECIFIED -> defaults.strategy();
            case BEST_FIRST -> Strategy.BEST_FIRST;
            case BEAM -> Strategy.BEAM;
            case GREEDY -> Strategy.GREEDY;
            case UNRECOGNIZED -> throw new IllegalArgumentException("job.options.strategy: unknown value "
                    + options.getStrategyValue());
        };
        return new SearchSettings(strategy,
                orDefault("job.options.max_expansions", options.getMaxExpansions(), defaults.maxExpansions()),
                orDefault("job.options.max_evaluated", options.getMaxEvaluated(), defaults.maxEvaluated()),
                orDefault("job.options.deadline_millis", options.getDeadlineMillis(), defaults.deadlineMillis()),
                (int) orDefault("job.options.batch_size", options.getBatchSize(), defaults.batchSize()),
                (int) orDefault("job.options.edits_per_expansion", options.getEditsPerExpansion(),
                        defaults.editsPerExpansion()),
                options.getSeed() == 0 ? defaults.seed() : options.getSeed(),
                (int) orDefault("job.options.expansions_per_round", atMost("job.options.expansions_per_round",
                        options.getExpansionsPerRound(), 4095), defaults.expansionsPerRound()));
    }

    private static long atMost(String field, long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException(field + ": at most " + max + ", got " + value);
        }
        return value;
    }

    private static long orDefault(String field, long value, long fallback) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": must not be negative, got " + value);
        }
        return value == 0 ? fallback : value;
    }

    /**
     * A request for a task read from a file, its held-out examples included.
     *
     * @throws IllegalArgumentException when the API has no typed examples for the domain
     */
    public static <I, O> Job toJob(String domain, Task<I, O> task, SearchOptions options) {
        @SuppressWarnings("unchecked")
        ExampleCodec<I, O> codec = (ExampleCodec<I, O>) ExampleCodecs.forDomain(domain).orElseThrow(() ->
                new IllegalArgumentException("domain '" + domain + "' has no typed examples in the API"));
        Job.Builder job = Job.newBuilder().setDomain(domain).setLabel(task.id()).setOptions(options);
        for (Example<I, O> example : task.given()) {
            job.addGiven(codec.encode(example));
        }
        for (Example<I, O> example : task.heldout()) {
            job.addHeldout(codec.encode(example));
        }
        return job.build();
    }
}
