package lasso.cli;

import akka.cluster.typed.Cluster;
import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.domain.karel.KarelGrid;
import lasso.runtime.JobCodec;
import lasso.runtime.JobResult;
import lasso.runtime.JobState;
import lasso.runtime.LassoRuntime;
import lasso.search.Editors;
import lasso.search.Proposers;
import lasso.search.SearchSettings;
import lasso.search.Strategy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo's main part: the shipped demo tasks of each domain solved end to end by an embedded node,
 * through its job registry, coordinators and worker actors, exactly as `lasso solve` does.
 */
final class RuntimeDemo {

    private final PrintStream out;
    private boolean allGood = true;

    RuntimeDemo(PrintStream out) {
        this.out = out;
    }

    /** @return whether every job ended with a result (solved or not) and no error */
    boolean run() throws Exception {
        try (LassoRuntime runtime = LassoRuntime.start()) {
            out.printf("An embedded node, a one-node Akka cluster (%s): job registry, %d synthesizers, %d executors, "
                            + "%d debuggers%n%n", Cluster.get(runtime.system()).selfMember().address(),
                    runtime.settings().synthesizers(), runtime.settings().executors(), runtime.settings().debuggers());
            List<JobResult> karel = solve(runtime, "karel", "/data/demo/karel.jsonl",
                    new SearchSettings(Strategy.BEST_FIRST, 1000, 20_000, 20_000, 256, 32, 1), true);
            compareStrategies(runtime, karel.size());
            solve(runtime, "c", "/data/demo/c.jsonl", new SearchSettings(Strategy.BEST_FIRST, 1000, 20_000, 8_000, 256, 32, 1),
                    false);
            solve(runtime, "list", "/data/demo/list.jsonl",
                    new SearchSettings(Strategy.BEAM, 1000, 20_000, 20_000, 16, 32, 1), false);
        }
        return allGood;
    }

    private <P, I, O> List<Task<I, O>> tasks(Domain<P, I, O> domain, String resource) throws InvalidTaskException {
        TaskFormat<I, O> format = domain.taskFormat();
        List<Task<I, O>> tasks = new ArrayList<>();
        for (JsonNode record : ShippedData.records(resource)) {
            tasks.add(format.read(record));
        }
        return tasks;
    }

    private static <P, I, O> List<CompletableFuture<JobResult>> submit(LassoRuntime runtime, Domain<P, I, O> domain,
                                                                      List<Task<I, O>> tasks, SearchSettings settings) {
        List<CompletableFuture<JobResult>> results = new ArrayList<>();
        for (Task<I, O> task : tasks) {
            results.add(runtime.solve(JobCodec.encode(domain, task, settings)).toCompletableFuture());
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private List<JobResult> solve(LassoRuntime runtime, String name, String resource, SearchSettings settings,
                                  boolean drawFirst) throws Exception {
        Domain<Object, Object, Object> domain = (Domain<Object, Object, Object>) Domains.named(name);
        List<Task<Object, Object>> tasks = tasks(domain, resource);
        out.printf("== %s: %d shipped tasks (%s), %s search, synthesizer '%s'%s,%n   at most %,d programs "
                        + "and %.0f s per task, all submitted at once%n", title(name), tasks.size(), resource.substring(1),
                settings.strategy().label(), Proposers.factory(domain, null).name(),
                settings.strategy() == Strategy.BEAM ? "" : ", debugger '" + Editors.factory(domain, null).name() + "'",
                settings.maxEvaluated(), settings.deadlineMillis() / 1000.0);
        if (drawFirst) {
            draw(tasks.get(0));
        }
        long start = System.nanoTime();
        List<CompletableFuture<JobResult>> pending = submit(runtime, domain, tasks, settings);
        List<JobResult> results = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            JobResult result = pending.get(i).get(settings.deadlineMillis() + 60_000, TimeUnit.MILLISECONDS);
            results.add(result);
            allGood &= result.state() == JobState.SOLVED || result.state() == JobState.UNSOLVED;
            out.printf("  task %d  written as  %s%n", i + 1, oneLine(tasks.get(i).program()));
            out.printf("          %-10s %s%n", result.state() == JobState.SOLVED ? "found" : "best found",
                    result.program().isEmpty() ? "(nothing valid)" : oneLine(result.program()));
            out.printf(Locale.ROOT, "          %d/%d given%s; evaluated %,d, debugger calls %d, %.1f s (%s)%n",
                    result.givenPassed(), result.givenTotal(),
                    result.heldoutTotal() == 0 ? "" : ", " + result.heldoutPassed() + "/" + result.heldoutTotal() + " held out",
                    result.evaluated(), result.expansions(), result.millis() / 1000.0,
                    result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        long solved = results.stream().filter(r -> r.state() == JobState.SOLVED).count();
        out.printf(Locale.ROOT, "  %d of %d solved in %.1f s%n%n", solved, results.size(), (System.nanoTime() - start) / 1e9);
        return results;
    }

    /** The Karel tasks again with each strategy, on equal budgets. */
    @SuppressWarnings("unchecked")
    private void compareStrategies(LassoRuntime runtime, int count) throws Exception {
        Domain<Object, Object, Object> karel = (Domain<Object, Object, Object>) Domains.named("karel");
        List<Task<Object, Object>> tasks = tasks(karel, "/data/demo/karel.jsonl");
        out.println("  the same Karel tasks with each strategy, on equal budgets (20,000 programs, 20 s):");
        out.printf("    %-11s %7s %12s %15s %10s%n", "strategy", "solved", "held out ok", "programs/task", "s/task");
        for (Strategy strategy : Strategy.values()) {
            SearchSettings settings = new SearchSettings(strategy, 1000, 20_000, 20_000, 256, 32, 1);
            int solved = 0;
            int generalized = 0;
            long evaluated = 0;
            long millis = 0;
            for (CompletableFuture<JobResult> pending : submit(runtime, karel, tasks, settings)) {
                JobResult result = pending.get(80, TimeUnit.SECONDS);
                allGood &= result.state() == JobState.SOLVED || result.state() == JobState.UNSOLVED;
                solved += result.state() == JobState.SOLVED ? 1 : 0;
                generalized += result.state() == JobState.SOLVED && result.heldoutPassed() == result.heldoutTotal() ? 1 : 0;
                evaluated += result.evaluated();
                millis += result.millis();
            }
            out.printf(Locale.ROOT, "    %-11s %4d/%-2d %9d/%-2d %15.0f %10.2f%n", strategy.label(), solved, count,
                    generalized, count, (double) evaluated / count, millis / 1000.0 / count);
        }
        out.println();
    }

    /** The first example of a Karel task, input and output side by side. */
    private void draw(Task<Object, Object> task) {
        Example<Object, Object> example = task.examples().get(0);
        if (!(example.input() instanceof KarelGrid input) || !(example.output() instanceof KarelGrid output)) {
            return;
        }
        out.println("  task 1, example 1 of " + task.given().size() + " (^ > v < the hero, # a wall, digits markers):");
        String[] left = input.toString().split("\n");
        String[] right = output.toString().split("\n");
        int width = left[0].length();
        for (int row = 0; row < Math.max(left.length, right.length); row++) {
            String l = row < left.length ? left[row] : "";
            String r = row < right.length ? right[row] : "";
            out.printf("    %-" + width + "s   %s   %s%n", l, row == left.length / 2 ? "->" : "  ", r);
        }
    }

    private static String oneLine(String program) {
        return program.isEmpty() ? "(only examples)" : program.replaceAll("\\s+", " ");
    }

    private static String title(String domain) {
        return switch (domain) {
            case "karel" -> "Karel";
            case "c" -> "Restricted C";
            case "list" -> "DeepCoder list DSL";
            default -> domain;
        };
    }
}
