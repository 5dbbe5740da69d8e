package lasso.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.model.synthesis.SynthesisEvaluation;
import me.tongfei.progressbar.ProgressBar;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {
                "Evaluates a neural synthesizer on a task file: beam search on each task's given examples, the first "
                        + "program of the beam that passes them all is the answer (the top one when none does).",
                "Generalization: the answer passes every example, held-out ones included. Exact match: its tokens are "
                        + "the reference program's. Both by program length and by control-flow kind, as a Markdown "
                        + "report with a PNG plot of accuracy by program length."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|NAME",
            description = "A model directory, or the name of a shipped model (karel-lgrl, c-lasynth, …).")
    String model;

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl", description = "Tasks in the model's domain.")
    Path tasks;

    @Option(names = "--beam", defaultValue = "32", description = "Beam width (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--batch", defaultValue = "16", description = "Tasks decoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--limit", description = "Evaluate only the first N tasks.")
    Integer limit;

    @Option(names = "--report", paramLabel = "FILE.md",
            description = "The Markdown report (default: runs/eval/MODEL-TASKS-beamB.md); the plot goes next to it (.png).")
    Path report;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Also write one JSON line per task.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (beam < 1 || batch < 1) {
            throw new IllegalArgumentException("--beam and --batch must be positive");
        }
        Path directory = ShippedModels.resolve(model);
        try (NeuralSynthesizer<?, ?, ?> synthesizer = NeuralSynthesizer.load(directory)) {
            evaluate(synthesizer, directory);
        }
        return 0;
    }

    private <P, I, O> void evaluate(NeuralSynthesizer<P, I, O> synthesizer, Path directory) throws IOException {
        Domain<P, I, O> domain = synthesizer.domain();
        List<SynthesisEvaluation.Case<P, I, O>> cases = cases(domain, tasks, limit);
        long start = System.nanoTime();
        List<SynthesisEvaluation.Result<P>> results;
        try (ProgressBar progress = Progress.bar("eval " + synthesizer.config().name(), cases.size())) {
            results = SynthesisEvaluation.run(synthesizer, cases, beam, batch, progress::stepTo);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String name = synthesizer.config().name();
        if (report == null) {
            String taskName = tasks.getFileName().toString().replaceFirst("\\.jsonl$", "");
            report = Path.of("runs", "eval", name + "-" + taskName + "-beam" + beam + ".md");
        }
        Path plot = report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "") + ".png");
        Summary<P, I, O> summary = new Summary<>(domain, results, changedPositions(domain, cases));
        String markdown = summary.markdown(name, directory, tasks, beam, seconds, plot.getFileName().toString());
        if (report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        Files.writeString(report, markdown);
        summary.plot(plot, name + " on " + tasks.getFileName() + ", beam " + beam);
        if (out != null) {
            writeResults(domain, results);
        }
        System.out.print(markdown);
        System.out.printf(Locale.ROOT, "%nreport: %s, plot: %s%n", report, plot);
    }

    /**
     * C: per task id, the list positions its given examples change (how many operations the task shows;
     * {@link CDomain#changedPositions}); empty for other domains.
     */
    @SuppressWarnings("unchecked")
    static <P, I, O> Map<String, Integer> changedPositions(Domain<P, I, O> domain,
                                                           List<SynthesisEvaluation.Case<P, I, O>> cases) {
        Map<String, Integer> changed = new LinkedHashMap<>();
        if (domain instanceof CDomain) {
            for (SynthesisEvaluation.Case<P, I, O> task : cases) {
                changed.put(task.id(), CDomain.changedPositions((List<Example<CArray, CArray>>) (List<?>) task.given()));
            }
        }
        return changed;
    }

    /** The tasks of a file with a reference program parsed where there is one. */
    static <P, I, O> List<SynthesisEvaluation.Case<P, I, O>> cases(Domain<P, I, O> domain, Path file, Integer limit)
            throws IOException {
        List<SynthesisEvaluation.Case<P, I, O>> cases = new ArrayList<>();
        for (SynthesisTasks.Loaded<P, I, O> loaded : SynthesisTasks.read(domain, file)) {
            if (limit != null && cases.size() >= limit) {
                break;
            }
            List<Example<I, O>> given = loaded.task().given().stream().filter(e -> e.output() != null).toList();
            if (given.isEmpty()) {
                System.err.println("skipped task " + loaded.task().id() + ": no given example with an output");
                continue;
            }
            cases.add(new SynthesisEvaluation.Case<>(loaded.task().id(), given, loaded.task().examples(),
                    loaded.program()));
        }
        return cases;
    }

    private <P, I, O> void writeResults(Domain<P, I, O> domain, List<SynthesisEvaluation.Result<P>> results)
            throws IOException {
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (SynthesisEvaluation.Result<P> result : results) {
                ObjectNode line = JsonLines.MAPPER.createObjectNode();
                line.put("id", result.id());
                line.put("reference", result.reference() == null ? null : String.join(" ", domain.tokens(result.reference())));
                line.put("answer", result.answer() == null ? null : String.join(" ", domain.tokens(result.answer())));
                line.put("rank", result.rank());
                line.put("passes_given", result.passesGiven());
                line.put("generalizes", result.generalizes());
                line.put("exact", result.exact());
                line.put("beam", result.beam());
                writer.write(JsonLines.MAPPER.writeValueAsString(line));
                writer.newLine();
            }
        }
    }

    /** Accuracy overall, by program length and by control-flow kind. */
    static final class Summary<P, I, O> {

        private final Domain<P, I, O> domain;
        private final List<SynthesisEvaluation.Result<P>> results;
        private final Map<String, Integer> changed;
        private final int bucket;

        Summary(Domain<P, I, O> domain, List<SynthesisEvaluation.Result<P>> results, Map<String, Integer> changed) {
            this.domain = domain;
            this.results = results;
            this.changed = changed;
            this.bucket = domain.name().equals("c") ? 8 : 5;
        }

        long count(Predicate<SynthesisEvaluation.Result<P>> which) {
            return results.stream().filter(which).count();
        }

        double generalization() {
            return share(count(SynthesisEvaluation.Result::generalizes), results.size());
        }

        double exactMatch() {
            return share(count(SynthesisEvaluation.Result::exact), results.size());
        }

        private static double share(long n, long of) {
            return of == 0 ? 0 : 100.0 * n / of;
        }

        int length(SynthesisEvaluation.Result<P> result) {
            return result.reference() == null ? -1 : domain.tokens(result.reference()).size();
        }

        /** Bucket label of a reference length: "11–15" for Karel's buckets of 5. */
        String lengthBucket(SynthesisEvaluation.Result<P> result) {
            int length = length(result);
            if (length < 0) {
                return "unknown";
            }
            int low = (length - 1) / bucket * bucket + 1;
            return String.format(Locale.ROOT, "%3d-%d", low, low + bucket - 1);
        }

        /** The control-flow kinds of a reference program: its loop and branch keywords, or straight-line. */
        String kind(SynthesisEvaluation.Result<P> result) {
            if (result.reference() == null) {
                return "unknown";
            }
            List<String> tokens = domain.tokens(result.reference());
            List<String> kinds = new ArrayList<>();
            for (String keyword : domain.name().equals("karel") ? List.of("REPEAT", "WHILE", "IF", "IFELSE")
                    : List.of("for", "if")) {
                if (tokens.contains(keyword)) {
                    kinds.add(keyword);
                }
            }
            return kinds.isEmpty() ? "straight-line" : String.join(" + ", kinds);
        }

        Map<String, List<SynthesisEvaluation.Result<P>>> groups(java.util.function.Function<SynthesisEvaluation.Result<P>, String> key) {
            Map<String, List<SynthesisEvaluation.Result<P>>> groups = new java.util.TreeMap<>();
            for (SynthesisEvaluation.Result<P> result : results) {
                groups.computeIfAbsent(key.apply(result), k -> new ArrayList<>()).add(result);
            }
            return groups;
        }

        String markdown(String name, Path directory, Path tasks, int beam, double seconds, String plot) {
            StringBuilder text = new StringBuilder();
            text.append(String.format(Locale.ROOT, "# %s on %s%n%n", name, tasks.getFileName()));
            text.append(String.format(Locale.ROOT, "Model `%s`, tasks `%s`, beam %d, execution-filtered selection; "
                    + "%d tasks in %.0f s (%.0f ms per task).%n%n", directory, tasks, beam, results.size(), seconds,
                    results.isEmpty() ? 0 : 1000 * seconds / results.size()));
            text.append("| | tasks | generalization | exact match | answer passes the given examples |\n");
            text.append("|---|---|---|---|---|\n");
            row(text, "**all**", results);
            text.append(String.format(Locale.ROOT, "%n### By program length (reference tokens)%n%n"));
            text.append("| length | tasks | generalization | exact match | answer passes the given examples |\n");
            text.append("|---|---|---|---|---|\n");
            groups(this::lengthBucket).forEach((label, group) -> row(text, label.trim(), group));
            text.append(String.format(Locale.ROOT, "%n### By control flow of the reference program%n%n"));
            text.append("| kind | tasks | generalization | exact match | answer passes the given examples |\n");
            text.append("|---|---|---|---|---|\n");
            groups(this::kind).forEach((label, group) -> row(text, label, group));
            if (!changed.isEmpty()) {
                text.append(String.format(Locale.ROOT, "%n### By list positions the given examples change%n%n"));
                text.append("| positions | tasks | generalization | exact match | answer passes the given examples |\n");
                text.append("|---|---|---|---|---|\n");
                groups(result -> Integer.toString(changed.getOrDefault(result.id(), -1)))
                        .forEach((label, group) -> row(text, label, group));
            }
            text.append(String.format(Locale.ROOT, "%n![accuracy by program length](%s)%n", plot));
            return text.toString();
        }

        private void row(StringBuilder text, String label, List<SynthesisEvaluation.Result<P>> group) {
            long generalized = group.stream().filter(SynthesisEvaluation.Result::generalizes).count();
            long exact = group.stream().filter(SynthesisEvaluation.Result::exact).count();
            long given = group.stream().filter(SynthesisEvaluation.Result::passesGiven).count();
            text.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% (%d) | %.1f%% (%d) | %.1f%% (%d) |%n", label,
                    group.size(), share(generalized, group.size()), generalized, share(exact, group.size()), exact,
                    share(given, group.size()), given));
        }

        void plot(Path file, String title) throws IOException {
            Map<String, List<SynthesisEvaluation.Result<P>>> byLength = groups(this::lengthBucket);
            List<String> labels = new ArrayList<>();
            List<Double> generalization = new ArrayList<>();
            List<Double> exact = new ArrayList<>();
            Map<String, List<SynthesisEvaluation.Result<P>>> ordered = new LinkedHashMap<>(byLength);
            for (Map.Entry<String, List<SynthesisEvaluation.Result<P>>> entry : ordered.entrySet()) {
                List<SynthesisEvaluation.Result<P>> group = entry.getValue();
                labels.add(entry.getKey().trim() + " (" + group.size() + ")");
                generalization.add(share(group.stream().filter(SynthesisEvaluation.Result::generalizes).count(), group.size()));
                exact.add(share(group.stream().filter(SynthesisEvaluation.Result::exact).count(), group.size()));
            }
            if (labels.isEmpty()) {
                return;
            }
            CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title)
                    .xAxisTitle("reference program length in tokens (tasks)").yAxisTitle("accuracy (%)").build();
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(100.0);
            chart.addSeries("generalization", labels, generalization);
            chart.addSeries("exact match", labels, exact);
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
