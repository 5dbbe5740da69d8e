package lasso.cli;

import lasso.api.v1.SearchOptions;
import lasso.client.JobOptions;
import lasso.runtime.JobLimits;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The search options of the jobs a command runs (solve, benchmark run, loadtest). */
final class SearchOptionsMixin {

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "best-first, beam or greedy (default: the node's, best-first).")
    String strategy;

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

    SearchOptions options() {
        return JobOptions.parse(strategy, budget, batchSize, edits, seed);
    }

    /** The options against a node's limits, named as on the command line, before any job is made. */
    void check(SearchOptions options, JobLimits limits) {
        limits.checkBatchSize("--batch-size", options.getBatchSize());
        limits.checkEdits("--edits", options.getEditsPerExpansion());
        limits.checkEvaluated("--budget evaluated", options.getMaxEvaluated());
        limits.checkExpansions("--budget expansions", options.getMaxExpansions());
        limits.checkDeadline("--budget deadline", options.getDeadlineMillis());
    }
}
