package lasso.benchmark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.client.ResultLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A report on one or more benchmark runs, side by side: {@code report.json} (the figures),
 * {@code report.md} (tables and the plots) and four PNG plots: the solved fraction against the time
 * per task and against the programs evaluated per task (each point: the share of all tasks solved
 * within that budget), accuracy by reference program length, and the latency distribution.
 */
public final class BenchmarkReport {

    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";
    public static final List<String> PLOTS = List.of("solved-vs-time.png", "solved-vs-evaluated.png",
            "accuracy-by-length.png", "latency.png");

    /** Latency buckets of the distribution plot, in milliseconds (upper bounds). */
    private static final long[] LATENCY_BOUNDS = {100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, Long.MAX_VALUE};
    private static final String[] LATENCY_LABELS = {"<0.1", "0.1-0.3", "0.3-1", "1-3", "3-10", "10-30", "30-100",
            ">100"};

    private BenchmarkReport() {
    }

    /** Writes the report on {@code runs} into {@code out}. */
    public static void write(List<RunSummary> runs, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(JSON_FILE), RunManifest.JSON.writeValueAsString(json(runs)));
        Files.writeString(out.resolve(MARKDOWN_FILE), markdown(runs));
        plotSolved(runs, out.resolve(PLOTS.get(0)), "Time per task (s)", line -> line.millis(), 1e-3);
        plotSolved(runs, out.resolve(PLOTS.get(1)), "Programs evaluated per task", ResultLine::evaluated, 1);
        plotByLength(runs, out.resolve(PLOTS.get(2)));
        plotLatency(runs, out.resolve(PLOTS.get(3)));
    }

    static ObjectNode json(List<RunSummary> runs) {
        ObjectNode root = RunManifest.JSON.createObjectNode();
        ArrayNode array = root.putArray("runs");
        for (RunSummary run : runs) {
            ObjectNode node = array.addObject();
            node.put("dir", run.dir().toString());
            node.put("label", run.manifest().label());
            node.set("run", RunManifest.JSON.valueToTree(run.manifest()));
            node.put("tasks", run.tasks());
            node.put("answered", run.lines().size());
            node.put("solved", run.count(ResultLine::solved));
            node.put("generalized", run.count(ResultLine::generalizes));
            node.put("unsolved", run.count(line -> line.status().equals(ResultLine.UNSOLVED)));
            node.put("errors", run.count(ResultLine::failed));
            node.put("solved_fraction", run.fraction(ResultLine::solved));
            node.put("generalized_fraction", run.fraction(ResultLine::generalizes));
            node.put("evaluated_mean", run.lines().stream().mapToLong(ResultLine::evaluated).average().orElse(0));
            node.put("expansions_mean", run.lines().stream().mapToLong(ResultLine::expansions).average().orElse(0));
            RunSummary.Latency latency = run.latency();
            ObjectNode millis = node.putObject("latency_ms");
            millis.put("p50", latency.p50());
            millis.put("p90", latency.p90());
            millis.put("p99", latency.p99());
            millis.put("max", latency.max());
            millis.put("mean", latency.mean());
            ArrayNode byLength = node.putArray("by_length");
            for (RunSummary.LengthBucket bucket : run.byLength()) {
                ObjectNode b = byLength.addObject();
                b.put("length", bucket.label());
                b.put("tasks", bucket.tasks());
                b.put("solved", bucket.solved());
                b.put("generalized", bucket.generalized());
            }
        }
        return root;
    }

    static String markdown(List<RunSummary> runs) {
        StringBuilder md = new StringBuilder("# Benchmark report\n\n");
        md.append("| Run | Domain | Tasks | Answered | Solved | … and held-out | Errors | Programs evaluated (mean) "
                + "| Debugger calls (mean) | Latency p50 / p90 / p99 / max |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunSummary run : runs) {
            RunSummary.Latency latency = run.latency();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | **%.1f %%** | %.1f %% | %d | %.0f | %.1f | %s / %s / %s / %s |%n",
                    run.name(), run.manifest().domain(), run.tasks(), run.lines().size(),
                    100 * run.fraction(ResultLine::solved), 100 * run.fraction(ResultLine::generalizes),
                    run.count(ResultLine::failed),
                    run.lines().stream().mapToLong(ResultLine::evaluated).average().orElse(0),
                    run.lines().stream().mapToLong(ResultLine::expansions).average().orElse(0),
                    seconds(latency.p50()), seconds(latency.p90()), seconds(latency.p99()), seconds(latency.max())));
        }
        md.append("\nShares are of all the run's tasks (a task without an answer yet counts as not solved). "
                + "Latency is each job's time from submission to result, as the node measured it.\n\n");
        md.append("## Accuracy by program length\n\n");
        Set<String> labels = bucketLabels(runs);
        if (labels.isEmpty()) {
            md.append("The tasks have no reference programs.\n\n");
        } else {
            md.append("| Length |");
            runs.forEach(run -> md.append(' ').append(run.name()).append(" |"));
            md.append("\n|---|");
            runs.forEach(run -> md.append("---|"));
            md.append('\n');
            for (String label : labels) {
                md.append("| ").append(label).append(" |");
                for (RunSummary run : runs) {
                    RunSummary.LengthBucket bucket = run.byLength().stream().filter(b -> b.label().equals(label))
                            .findFirst().orElse(null);
                    md.append(bucket == null ? " |" : String.format(Locale.ROOT, " %.1f %% of %d |",
                            100 * bucket.solvedFraction(), bucket.tasks()));
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("## Plots\n\n");
        for (String plot : PLOTS) {
            md.append("![").append(plot).append("](").append(plot).append(")\n\n");
        }
        return md.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static Set<String> bucketLabels(List<RunSummary> runs) {
        Set<String> labels = new LinkedHashSet<>();
        runs.forEach(run -> run.byLength().forEach(bucket -> labels.add(bucket.label())));
        return labels;
    }

    private static void plotSolved(List<RunSummary> runs, Path file, String axis, ToLongFunction<ResultLine> measure,
                                   double scale) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Solved fraction against " + axis.toLowerCase(Locale.ROOT))
                .xAxisTitle(axis).yAxisTitle("Tasks solved (fraction of all)").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        long low = Long.MAX_VALUE;
        long high = 1;
        for (RunSummary run : runs) {
            for (long value : run.solvedSorted(measure)) {
                low = Math.min(low, Math.max(1, value));
                high = Math.max(high, value);
            }
        }
        // A log axis labels only whole decades: use it where the values span several.
        chart.getStyler().setXAxisLogarithmic(low != Long.MAX_VALUE && high / low >= 30);
        for (RunSummary run : runs) {
            long[] solved = run.solvedSorted(measure);
            if (solved.length == 0) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < solved.length; i++) {
                // A step at each solved task; a log axis needs positive values.
                double at = Math.max(solved[i], 1) * scale;
                x.add(at);
                y.add((double) i / run.tasks());
                x.add(at);
                y.add((double) (i + 1) / run.tasks());
            }
            XYSeries series = chart.addSeries(run.name(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        save(chart, file);
    }

    private static void plotByLength(List<RunSummary> runs, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title("Solved by reference program length")
                .xAxisTitle("Program length").yAxisTitle("Solved (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        List<String> labels = new ArrayList<>(bucketLabels(runs));
        if (labels.isEmpty()) {
            labels.add("no reference programs");
        }
        for (RunSummary run : runs) {
            List<Double> values = new ArrayList<>();
            for (String label : labels) {
                values.add(run.byLength().stream().filter(b -> b.label().equals(label)).findFirst()
                        .map(b -> 100 * b.solvedFraction()).orElse(0.0));
            }
            chart.addSeries(run.name(), labels, values);
        }
        save(chart, file);
    }

    private static void plotLatency(List<RunSummary> runs, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title("Latency distribution (submission to result)")
                .xAxisTitle("Latency (s)").yAxisTitle("Answered tasks (%)").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        List<String> labels = List.of(LATENCY_LABELS);
        for (RunSummary run : runs) {
            double[] counts = new double[LATENCY_BOUNDS.length];
            long answered = run.lines().stream().filter(line -> !line.failed()).count();
            for (ResultLine line : run.lines()) {
                if (line.failed()) {
                    continue;
                }
                int bucket = 0;
                while (line.millis() >= LATENCY_BOUNDS[bucket]) {
                    bucket++;
                }
                counts[bucket] += 100.0 / answered;
            }
            List<Double> values = new ArrayList<>();
            for (double count : counts) {
                values.add(count);
            }
            chart.addSeries(run.name(), labels, values);
        }
        save(chart, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
