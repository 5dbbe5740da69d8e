package lasso.benchmark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.client.JobWindow;
import lasso.client.Jobs;
import lasso.client.ResultLine;
import lasso.client.TaskEntry;
import lasso.domain.Domain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A benchmark run in a directory: {@code run.json} (what the run is), {@code results.jsonl} (one
 * line per finished task, appended as results arrive) and {@code failures.jsonl} (tasks that got no
 * answer in a session, with the reason). Running it again resumes it: tasks with a line are skipped,
 * the others run, so however often it is interrupted (even by kill -9) it ends with exactly one line
 * per task.
 */
public final class BenchmarkRun {

    public static final String MANIFEST = "run.json";
    public static final String RESULTS = "results.jsonl";
    public static final String FAILURES = "failures.jsonl";

    /** Hears about the run as it goes (from the threads that complete jobs). */
    public interface Listener {

        /** Before the first job: how many tasks there are and how many are done already. */
        void resumed(int tasks, int done, int solved, int errors);

        void answered(ResultLine line);

        void notAnswered(String id, Jobs.NotAnsweredException failure);
    }

    /** A session's outcome: the tasks, those done before it, those it answered, those still without a line. */
    public record Outcome(int tasks, int resumed, int answered, int unanswered, Map<String, ResultLine> lines) {

        public boolean complete() {
            return unanswered == 0;
        }
    }

    private BenchmarkRun() {
    }

    /**
     * Runs the tasks that have no line yet.
     *
     * @throws IllegalArgumentException when two tasks share an id, or the directory holds another run
     */
    public static <I, O> Outcome run(Path dir, RunManifest manifest, Domain<?, I, O> domain,
                                     List<TaskEntry<I, O>> entries, Jobs jobs, int window, Listener listener,
                                     PrintStream notes) throws IOException, InterruptedException {
        checkUniqueIds(entries);
        prepare(dir, manifest);
        try (ResultsLog log = ResultsLog.open(dir.resolve(RESULTS), notes)) {
            Set<String> ids = new HashSet<>();
            entries.forEach(entry -> ids.add(entry.id()));
            long foreign = log.lines().keySet().stream().filter(id -> !ids.contains(id)).count();
            if (foreign > 0) {
                notes.printf("%s: %d lines are for tasks not in the task files; they are kept but not counted%n",
                        log.file(), foreign);
            }
            List<TaskEntry<I, O>> pending = new ArrayList<>();
            int resumed = 0;
            int solved = 0;
            int errors = 0;
            for (TaskEntry<I, O> entry : entries) {
                ResultLine line = log.lines().get(entry.id());
                if (line != null) {
                    resumed++;
                    solved += line.solved() ? 1 : 0;
                    errors += line.failed() ? 1 : 0;
                } else if (!entry.readable()) {
                    log.append(ResultLine.error(entry.id(), entry.error()));
                    resumed++;
                    errors++;
                } else {
                    pending.add(entry);
                }
            }
            listener.resumed(entries.size(), resumed, solved, errors);

            AtomicInteger answered = new AtomicInteger();
            AtomicInteger unanswered = new AtomicInteger();
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Path failures = dir.resolve(FAILURES);
            JobWindow.run(domain, pending, jobs, window, (index, line, failure) -> {
                try {
                    if (line != null) {
                        // A server answers with the label it was given; the task's id is the key.
                        ResultLine keyed = line.withId(pending.get(index).id());
                        log.append(keyed);
                        answered.incrementAndGet();
                        listener.answered(keyed);
                    } else {
                        recordFailure(failures, pending.get(index).id(), failure);
                        unanswered.incrementAndGet();
                        listener.notAnswered(pending.get(index).id(), failure);
                    }
                } catch (IOException e) {
                    writeFailure.compareAndSet(null, e);
                }
            });
            if (writeFailure.get() != null) {
                throw new IOException("cannot write the results: " + writeFailure.get().getMessage(), writeFailure.get());
            }
            return new Outcome(entries.size(), resumed, answered.get(), unanswered.get(), log.lines());
        }
    }

    /**
     * Records the run in {@code dir}, or checks that the run recorded there is this one (call it before
     * starting anything, to fail early).
     *
     * @throws IllegalArgumentException naming what differs from the recorded run
     */
    public static void prepare(Path dir, RunManifest manifest) throws IOException {
        Files.createDirectories(dir);
        Path manifestFile = dir.resolve(MANIFEST);
        if (Files.exists(manifestFile)) {
            List<String> differences = RunManifest.read(manifestFile).differences(manifest);
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds another run (" + String.join("; ", differences)
                        + "); resume it with the same options or give another --out");
            }
        }
        manifest.write(manifestFile);
    }

    private static <I, O> void checkUniqueIds(List<TaskEntry<I, O>> entries) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Integer first = seen.putIfAbsent(entries.get(i).id(), i);
            if (first != null) {
                throw new IllegalArgumentException("two tasks have the id '" + entries.get(i).id() + "' (tasks "
                        + (first + 1) + " and " + (i + 1) + " of the task files); results are kept by id, so ids "
                        + "must be unique");
            }
        }
    }

    private static synchronized void recordFailure(Path failures, String id, Jobs.NotAnsweredException failure)
            throws IOException {
        ObjectNode json = RunManifest.JSON.createObjectNode();
        json.put("id", id);
        json.put("time", Instant.now().toString());
        json.put("code", failure.code());
        json.put("message", failure.getMessage());
        Files.writeString(failures, RunManifest.JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
