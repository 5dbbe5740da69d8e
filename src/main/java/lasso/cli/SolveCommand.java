package lasso.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import lasso.api.JobRequests;
import lasso.api.LassoClient;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.domain.Domain;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.runtime.JobCodec;
import lasso.runtime.JobResult;
import lasso.runtime.JobState;
import lasso.runtime.LassoRuntime;
import lasso.search.Editors;
import lasso.search.Proposers;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "solve",
        mixinStandardHelpOptions = true,
        description = {
                "Searches a program for every task of a file and writes one JSON line per task.",
                "In-process (an embedded node) by default; through a Lasso server with --server. Tasks are in the "
                        + "domain's format: Karel MSR lines (examples 0-4 given, 5 held out); C and list tasks mark "
                        + "held-out examples with \"heldout\": true.",
                "RESULTS.jsonl, one line per task, in file order: {\"id\", \"status\": solved|unsolved|error, "
                        + "\"program\", \"given_passed\", \"given_total\", \"heldout_passed\", \"heldout_total\", "
                        + "\"expansions\", \"evaluated\", \"millis\", \"stop_reason\"} (and \"message\" for errors).",
                "Exits 0 when no task ended in error."})
final class SolveCommand implements Callable<Integer> {

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The task domain (karel, c, list).")
    Domain<?, ?, ?> domain;

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl", description = "The tasks.")
    Path tasks;

    @Option(names = "--out", required = true, paramLabel = "RESULTS.jsonl", description = "The results.")
    Path out;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "Solve through this Lasso server.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LASSO_TOKEN}",
            description = "The server's bearer token (default: the LASSO_TOKEN variable).")
    String token;

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "best-first, beam or greedy (default: the node's, best-first).")
    String strategy;

    @Option(names = "--proposer", paramLabel = "NAME",
            description = "In-process: the synthesizer, by factory name (neural, enumerative, generator, deepcoder, …); "
                    + "default: the best one for the domain (the shipped neural model where there is one).")
    String proposer;

    @Option(names = "--editor", paramLabel = "NAME",
            description = "In-process: the debugger, by factory name (sed, mutation); default: the best one for the "
                    + "domain (the shipped SED debugger where there is one).")
    String editor;

    @Option(names = "--budget", paramLabel = "KEY=VALUE",
            description = "A search budget (repeatable): evaluated=N (distinct programs run), expansions=N "
                    + "(debugger calls), deadline=DURATION per task (e.g. 10s). Unset: the node's defaults.")
    Map<String, String> budget = new LinkedHashMap<>();

    @Option(names = "--batch-size", paramLabel = "N", description = "Candidates asked of the synthesizer per round.")
    int batchSize;

    @Option(names = "--edits", paramLabel = "N", description = "Edits asked of the debugger per expansion.")
    int edits;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of each job's random choices.")
    long seed;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Jobs in flight at once (default: the node's lasso.jobs.max-running in-process, 4 with --server).")
    Integer parallel;

    @Mixin
    NodeOptions node;

    private final PrintStream err = System.err;

    /** A task file line: the task, or why it could not be read. */
    private record Entry<I, O>(String id, Task<I, O> task, String error) {
    }

    @Override
    public Integer call() throws Exception {
        return solve(domain);
    }

    private <P, I, O> int solve(Domain<P, I, O> domain) throws Exception {
        if (proposer != null && server != null) {
            throw new IllegalArgumentException("--proposer applies to in-process solving; a server's synthesizers are "
                    + "set by its configuration (lasso.search.proposers." + domain.name() + ")");
        }
        if (editor != null && server != null) {
            throw new IllegalArgumentException("--editor applies to in-process solving; a server's debuggers are "
                    + "set by its configuration (lasso.search.editors." + domain.name() + ")");
        }
        List<Entry<I, O>> entries = read(domain.taskFormat());
        SearchOptions options = options();
        long start = System.nanoTime();
        ResultWriter writer = new ResultWriter(entries.size());
        try (ProgressBar progress = Progress.bar("solve " + domain.name(), entries.size())) {
            Sink sink = (index, line) -> {
                writer.put(index, line);
                progress.step();
                progress.setExtraMessage(writer.solved() + " solved");
            };
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).error() != null) {
                    sink.accept(i, ResultLine.error(entries.get(i).id(), entries.get(i).error()));
                }
            }
            if (server == null) {
                solveInProcess(domain, entries, options, sink);
            } else {
                solveThroughServer(domain, entries, options, sink);
            }
        }
        writer.finish();
        summarize(entries.size(), writer.lines(), options, (System.nanoTime() - start) / 1e9);
        return Arrays.stream(writer.lines()).anyMatch(line -> line.status().equals("error")) ? 1 : 0;
    }

    private SearchOptions options() {
        SearchOptions.Builder options = SearchOptions.newBuilder();
        if (strategy != null) {
            options.setStrategy(switch (Strategy.fromLabel(strategy)) {
                case BEST_FIRST -> lasso.api.v1.Strategy.BEST_FIRST;
                case BEAM -> lasso.api.v1.Strategy.BEAM;
                case GREEDY -> lasso.api.v1.Strategy.GREEDY;
            });
        }
        for (Map.Entry<String, String> entry : budget.entrySet()) {
            switch (entry.getKey()) {
                case "evaluated" -> options.setMaxEvaluated(positive("--budget evaluated", entry.getValue()));
                case "expansions" -> options.setMaxExpansions(positive("--budget expansions", entry.getValue()));
                case "deadline" -> options.setDeadlineMillis(DurationConverter.parse(entry.getValue()).toMillis());
                default -> throw new IllegalArgumentException("--budget: unknown budget '" + entry.getKey()
                        + "' (known: evaluated, expansions, deadline)");
            }
        }
        return options.setBatchSize(batchSize).setEditsPerExpansion(edits).setSeed(seed).build();
    }

    private static long positive(String option, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive number, got '" + value + "'");
    }

    private <I, O> List<Entry<I, O>> read(TaskFormat<I, O> format) throws IOException {
        List<Entry<I, O>> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(tasks)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = tasks + ":" + number;
                JsonNode record = null;
                try {
                    record = JsonLines.MAPPER.readTree(line);
                    if (!record.isObject()) {
                        throw new InvalidTaskException("a task must be a JSON object");
                    }
                    Task<I, O> task = format.read(record);
                    entries.add(new Entry<>(task.id(), task, null));
                } catch (JsonProcessingException | InvalidTaskException e) {
                    String message = e instanceof JsonProcessingException json
                            ? "malformed JSON: " + json.getOriginalMessage() : e.getMessage();
                    JsonNode id = record == null ? null : record.get(format.idField());
                    String name = id != null && id.isValueNode() ? id.asText() : where;
                    err.println("error: " + where + ": " + message);
                    entries.add(new Entry<>(name, null, message));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + tasks, e);
        }
        return entries;
    }

    private interface Sink {
        void accept(int index, ResultLine line);
    }

    private <P, I, O> void solveInProcess(Domain<P, I, O> domain, List<Entry<I, O>> entries, SearchOptions options,
                                          Sink sink) throws InterruptedException {
        Config config = node.load();
        if (proposer != null) {
            Proposers.factory(domain, proposer); // an unknown name fails here, naming the known ones
            config = ConfigFactory.parseMap(Map.of("lasso.search.proposers." + domain.name(), proposer))
                    .withFallback(config);
        }
        if (editor != null) {
            Editors.factory(domain, editor); // an unknown name fails here, naming the known ones
            config = ConfigFactory.parseMap(Map.of("lasso.search.editors." + domain.name(), editor))
                    .withFallback(config);
        }
        err.println("synthesizer: " + Proposers.factory(domain,
                config.hasPath("lasso.search.proposers." + domain.name())
                        ? config.getString("lasso.search.proposers." + domain.name()) : null).name()
                + ", debugger: " + Editors.factory(domain, config.hasPath("lasso.search.editors." + domain.name())
                        ? config.getString("lasso.search.editors." + domain.name()) : null).name());
        try (LassoRuntime runtime = LassoRuntime.start(config)) {
            SearchSettings settings = JobRequests.settings(options, runtime.settings().defaults());
            Semaphore slots = new Semaphore(parallel != null ? parallel : runtime.settings().maxRunning());
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry<I, O> entry = entries.get(i);
                if (entry.task() == null) {
                    continue;
                }
                int index = i;
                slots.acquire();
                CompletionStage<JobResult> result;
                try {
                    result = runtime.solve(JobCodec.encode(domain, entry.task(), settings));
                } catch (IllegalArgumentException e) {
                    result = CompletableFuture.failedFuture(e);
                }
                all.add(result.handle((done, failure) -> {
                    sink.accept(index, failure == null ? ResultLine.of(done)
                            : ResultLine.error(entry.id(), failure.toString()));
                    slots.release();
                    return null;
                }).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
    }

    private <P, I, O> void solveThroughServer(Domain<P, I, O> domain, List<Entry<I, O>> entries,
                                              SearchOptions options, Sink sink) throws InterruptedException {
        try (LassoClient client = LassoClient.connect(server, token, 64 << 20)) {
            Semaphore slots = new Semaphore(parallel != null ? parallel : 4);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry<I, O> entry = entries.get(i);
                if (entry.task() == null) {
                    continue;
                }
                int index = i;
                slots.acquire();
                CompletableFuture<ResultLine> line;
                try {
                    line = call(client, SolveRequest.newBuilder()
                            .setJob(JobRequests.toJob(domain.name(), entry.task(), options)).build(), options);
                } catch (IllegalArgumentException e) {
                    line = CompletableFuture.failedFuture(e);
                }
                all.add(line.handle((done, failure) -> {
                    sink.accept(index, failure == null ? done : ResultLine.error(entry.id(), describe(failure)));
                    slots.release();
                    return null;
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
    }

    /** One Solve call; a server at capacity is asked again after a pause. */
    private CompletableFuture<ResultLine> call(LassoClient client, SolveRequest request, SearchOptions options) {
        CompletableFuture<ResultLine> line = new CompletableFuture<>();
        var stub = client.async();
        if (options.getDeadlineMillis() > 0) {
            stub = stub.withDeadlineAfter(options.getDeadlineMillis() + 30_000, TimeUnit.MILLISECONDS);
        }
        stub.solve(request, new StreamObserver<>() {
            @Override
            public void onNext(lasso.api.v1.JobResult result) {
                line.complete(ResultLine.of(result));
            }

            @Override
            public void onError(Throwable failure) {
                if (Status.fromThrowable(failure).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                            .execute(() -> call(client, request, options).whenComplete((again, error) -> {
                                if (error != null) {
                                    line.completeExceptionally(error);
                                } else {
                                    line.complete(again);
                                }
                            }));
                } else {
                    line.completeExceptionally(failure);
                }
            }

            @Override
            public void onCompleted() {
            }
        });
        return line;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StatusRuntimeException status) {
            return status.getStatus().getCode() + ": " + status.getStatus().getDescription();
        }
        return String.valueOf(cause.getMessage());
    }

    /** Results of the tasks, written in file order as soon as every earlier one is in. */
    private final class ResultWriter {

        private final ResultLine[] lines;
        private final BufferedWriter writer;
        private int written;
        private final AtomicInteger solved = new AtomicInteger();

        ResultWriter(int count) throws IOException {
            this.lines = new ResultLine[count];
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            this.writer = Files.newBufferedWriter(out);
        }

        synchronized void put(int index, ResultLine line) {
            lines[index] = line;
            if (line.status().equals("solved")) {
                solved.incrementAndGet();
            }
            try {
                while (written < lines.length && lines[written] != null) {
                    writer.write(JsonLines.MAPPER.writeValueAsString(lines[written].json()));
                    writer.newLine();
                    written++;
                }
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int solved() {
            return solved.get();
        }

        ResultLine[] lines() {
            return lines;
        }

        void finish() throws IOException {
            writer.close();
        }
    }

    /** One line of RESULTS.jsonl. */
    record ResultLine(String id, String status, String program, int givenPassed, int givenTotal, int heldoutPassed,
                      int heldoutTotal, long expansions, long evaluated, long millis, String stopReason,
                      String message) {

        static ResultLine of(JobResult result) {
            return new ResultLine(result.label(), status(result.state()), result.program(), result.givenPassed(),
                    result.givenTotal(), result.heldoutPassed(), result.heldoutTotal(), result.expansions(),
                    result.evaluated(), result.millis(),
                    result.stopReason() == null ? "" : result.stopReason().name().toLowerCase(Locale.ROOT),
                    result.message());
        }

        static ResultLine of(lasso.api.v1.JobResult result) {
            String state = switch (result.getState()) {
                case SOLVED -> "solved";
                case UNSOLVED -> "unsolved";
                default -> "error";
            };
            return new ResultLine(result.getLabel(), state, result.getProgram(), result.getGivenPassed(),
                    result.getGivenTotal(), result.getHeldoutPassed(), result.getHeldoutTotal(),
                    result.getExpansions(), result.getEvaluated(), result.getMillis(),
                    result.getStopReason().name().toLowerCase(Locale.ROOT), result.getMessage());
        }

        static ResultLine error(String id, String message) {
            return new ResultLine(id, "error", "", 0, 0, 0, 0, 0, 0, 0, "error", message);
        }

        private static String status(JobState state) {
            return switch (state) {
                case SOLVED -> "solved";
                case UNSOLVED -> "unsolved";
                default -> "error";
            };
        }

        ObjectNode json() {
            ObjectNode json = JsonLines.MAPPER.createObjectNode();
            json.put("id", id);
            json.put("status", status);
            json.put("program", program);
            json.put("given_passed", givenPassed);
            json.put("given_total", givenTotal);
            json.put("heldout_passed", heldoutPassed);
            json.put("heldout_total", heldoutTotal);
            json.put("expansions", expansions);
            json.put("evaluated", evaluated);
            json.put("millis", millis);
            json.put("stop_reason", stopReason);
            if (status.equals("error") && !message.isEmpty()) {
                json.put("message", message);
            }
            return json;
        }

        boolean generalizes() {
            return status.equals("solved") && heldoutPassed == heldoutTotal;
        }
    }

    private void summarize(int count, ResultLine[] lines, SearchOptions options, double seconds) {
        PrintStream stdout = System.out;
        long solved = Arrays.stream(lines).filter(l -> l.status().equals("solved")).count();
        long unsolved = Arrays.stream(lines).filter(l -> l.status().equals("unsolved")).count();
        long errors = count - solved - unsolved;
        long generalized = Arrays.stream(lines).filter(ResultLine::generalizes).count();
        long[] millis = Arrays.stream(lines).filter(l -> !l.status().equals("error")).mapToLong(ResultLine::millis)
                .sorted().toArray();
        stdout.printf(Locale.ROOT, "%n%s: %d %s tasks, %s, %s%n", tasks, count, domain.name(),
                server == null ? "in-process" : "through " + server, describeOptions(options));
        stdout.printf(Locale.ROOT, "  %-26s %6s %8s%n", "", "tasks", "share");
        row(stdout, "solved (all given pass)", solved, count);
        row(stdout, "  and all held-out pass", generalized, count);
        row(stdout, "unsolved", unsolved, count);
        row(stdout, "error", errors, count);
        if (millis.length > 0) {
            stdout.printf(Locale.ROOT, "  time per task: median %d ms, mean %.0f ms, max %d ms; evaluated per task: mean %.0f;"
                            + " expansions: mean %.1f%n", millis[millis.length / 2],
                    Arrays.stream(millis).average().orElse(0), millis[millis.length - 1],
                    Arrays.stream(lines).mapToLong(ResultLine::evaluated).average().orElse(0),
                    Arrays.stream(lines).mapToLong(ResultLine::expansions).average().orElse(0));
        }
        stdout.printf(Locale.ROOT, "  wall time %.1f s; results in %s%n", seconds, out);
    }

    private static void row(PrintStream out, String label, long n, int count) {
        out.printf(Locale.ROOT, "  %-26s %6d %7.1f%%%n", label, n, count == 0 ? 0 : 100.0 * n / count);
    }

    private static String describeOptions(SearchOptions options) {
        List<String> parts = new ArrayList<>();
        parts.add("strategy " + (options.getStrategy() == lasso.api.v1.Strategy.STRATEGY_UNSPECIFIED ? "default"
                : Strategy.valueOf(options.getStrategy().name()).label()));
        if (options.getMaxEvaluated() > 0) {
            parts.add("evaluated<=" + options.getMaxEvaluated());
        }
        if (options.getMaxExpansions() > 0) {
            parts.add("expansions<=" + options.getMaxExpansions());
        }
        if (options.getDeadlineMillis() > 0) {
            parts.add("deadline " + Duration.ofMillis(options.getDeadlineMillis()).toMillis() / 1000.0 + " s");
        }
        return String.join(", ", parts);
    }
}
