package lasso.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.search.Evaluator;
import lasso.search.SearchSettings;

import java.util.ArrayList;
import java.util.List;

/** Turns examples into a {@link JobSpec} and back, through the domain's task format. */
public final class JobCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobCodec() {
    }

    /**
     * A job for the given examples.
     *
     * @throws IllegalArgumentException when there is no given example or an example has no output
     */
    public static <I, O> JobSpec encode(Domain<?, I, O> domain, String label, List<Example<I, O>> given,
                                        List<Example<I, O>> heldout, SearchSettings settings) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("given: a job needs at least one given example");
        }
        List<Example<I, O>> examples = new ArrayList<>(given.size() + heldout.size());
        for (Example<I, O> example : given) {
            examples.add(new Example<>(example.input(), requireOutput(example, "given"), false));
        }
        for (Example<I, O> example : heldout) {
            examples.add(new Example<>(example.input(), requireOutput(example, "heldout"), true));
        }
        TaskFormat<I, O> format = domain.taskFormat();
        String task;
        try {
            task = JSON.writeValueAsString(format.write(new Task<>(label, "", examples)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the task: " + e.getMessage(), e);
        }
        return new JobSpec(domain.name(), label, task, given.size(), heldout.size(), settings);
    }

    /** A job for a task read from a file: its given and held-out examples. */
    public static <I, O> JobSpec encode(Domain<?, I, O> domain, Task<I, O> task, SearchSettings settings) {
        return encode(domain, task.id(), task.given(), task.heldout(), settings);
    }

    private static <O> O requireOutput(Example<?, O> example, String field) {
        if (example.output() == null) {
            throw new IllegalArgumentException(field + ": every example needs an output");
        }
        return example.output();
    }

    /**
     * Decodes a job's examples.
     *
     * @throws IllegalArgumentException naming what is wrong (an unknown domain, an invalid task)
     */
    public static DecodedJob<?, ?, ?> decode(JobSpec spec) {
        return decode(Domains.named(spec.domain()), spec);
    }

    private static <P, I, O> DecodedJob<P, I, O> decode(Domain<P, I, O> domain, JobSpec spec) {
        Task<I, O> task;
        try {
            JsonNode record = JSON.readTree(spec.task());
            task = domain.taskFormat().read(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the job's task is not JSON: " + e.getOriginalMessage(), e);
        } catch (InvalidTaskException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Example<I, O>> examples = task.examples();
        if (examples.size() != spec.givenCount() + spec.heldoutCount()) {
            throw new IllegalArgumentException("the job has " + (spec.givenCount() + spec.heldoutCount())
                    + " examples but its task record holds " + examples.size());
        }
        List<Example<I, O>> given = new ArrayList<>();
        List<Example<I, O>> heldout = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example<I, O> example = examples.get(i);
            if (example.output() == null) {
                throw new IllegalArgumentException("example " + i + " has no output");
            }
            (i < spec.givenCount() ? given : heldout).add(example);
        }
        return new DecodedJob<>(spec, domain, new Evaluator<>(domain, given, heldout));
    }
}
