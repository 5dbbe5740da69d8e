package lasso.bench;

import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.ExampleSampler;
import lasso.domain.list.ListDatasetBuilder;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.ListSemantics;
import lasso.domain.list.Value;
import lasso.model.deepcoder.DeepcoderModel;
import lasso.model.deepcoder.TrainingData;
import lasso.search.deepcoder.Budget;
import lasso.search.deepcoder.DeepcoderSearch;
import lasso.search.deepcoder.SearchControl;
import lasso.search.deepcoder.SearchProblem;
import lasso.search.deepcoder.SolutionSink;
import me.tongfei.progressbar.ProgressBar;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The DeepCoder paper's Table 1 ({@code ./lasso bench deepcoder}): DFS and Sort-and-add, each ordered
 * by the prior and by the network, on the same test tasks; prints the timeout and the search nodes
 * needed to solve 20/40/60% of them, writes the table and a plot of the fraction solved against time.
 */
public final class DeepcoderBench {

    static final int[] PERCENTS = {20, 40, 60};

    /**
     * @param test the test tasks file, or null for the test split of the data set built with {@code seed}
     * @param out  where table.md and solved.png go
     */
    public record Settings(int length, int tasks, Path model, Path test, long seed, double timeout, Path out) {
    }

    private final int length;
    private final int tasks;
    private final Path model;
    private final Path test;
    private final long seed;
    private final double timeout;
    private final Path out;
    private final LongFunction<ProgressBar> progress;

    /** {@code progress}: a bar over the given number of tasks, in the command line's style. */
    public DeepcoderBench(Settings settings, LongFunction<ProgressBar> progress) {
        this.length = settings.length();
        this.tasks = settings.tasks();
        this.model = settings.model();
        this.test = settings.test();
        this.seed = settings.seed();
        this.timeout = settings.timeout();
        this.out = settings.out();
        this.progress = progress;
    }

    /** One of the four searches. */
    record Variant(String name, DeepcoderSearch.Strategy strategy, boolean network) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("DFS, prior", DeepcoderSearch.Strategy.DFS, false),
            new Variant("DFS, network", DeepcoderSearch.Strategy.DFS, true),
            new Variant("Sort-and-add, prior", DeepcoderSearch.Strategy.SORT_AND_ADD, false),
            new Variant("Sort-and-add, network", DeepcoderSearch.Strategy.SORT_AND_ADD, true));

    /** Runs the four searches on every task, prints the table and writes it with the plot. */
    public void run() throws IOException {
        List<Generated<ListProgram, ListInput, Value>> testTasks = test != null ? TrainingData.read(test)
                : new ListDatasetBuilder(length, 5, new ExampleSampler(1, ListSemantics.MAX_LENGTH))
                .build(0, tasks, seed, line -> System.err.println("dataset: " + line)).test();
        testTasks = testTasks.subList(0, Math.min(tasks, testTasks.size()));
        int p = testTasks.size();
        double[][] seconds = new double[VARIANTS.size()][p];
        long[][] nodes = new long[VARIANTS.size()][p];
        long predictNanos = 0;
        try (DeepcoderModel network = DeepcoderModel.load(model); ProgressBar bar = progress.apply(p)) {
            double[] prior = network.prior().frequencies();
            for (int t = 0; t < p; t++) {
                SearchProblem problem = new SearchProblem(testTasks.get(t).examples());
                long start = System.nanoTime();
                double[] predicted = network.predict(problem);
                predictNanos += System.nanoTime() - start;
                for (int s = 0; s < VARIANTS.size(); s++) {
                    Variant variant = VARIANTS.get(s);
                    DeepcoderSearch search = new DeepcoderSearch(variant.strategy(), length, 1);
                    DeepcoderSearch.Result result = search.run(problem, variant.network() ? predicted : prior,
                            new SearchControl(Budget.time(Duration.ofNanos((long) (timeout * 1e9)))), SolutionSink.FIRST);
                    seconds[s][t] = result.solved() ? result.nanos() / 1e9 : Double.POSITIVE_INFINITY;
                    nodes[s][t] = result.solved() ? result.nodesToFirst() : Long.MAX_VALUE;
                }
                bar.step();
            }
        }
        String table = table(p, seconds, nodes, predictNanos / 1e6 / p);
        System.out.print(table);
        Files.createDirectories(out);
        Files.writeString(out.resolve("table.md"), table);
        plot(seconds, out.resolve("solved.png"));
        System.out.println("wrote " + out.resolve("table.md") + " and " + out.resolve("solved.png"));
    }

    /** The k-th smallest value where k is the percent of all tasks, or infinity if fewer were solved. */
    static double needed(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = (int) Math.ceil(sorted.length * percent / 100.0);
        return k == 0 ? 0 : sorted[k - 1];
    }

    private String table(int p, double[][] seconds, long[][] nodes, double predictMillis) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "DeepCoder Table 1 shape: T = %d, P = %d test tasks, M = 5 examples, "
                + "timeout %.0f s per search, one thread per search.%n%n", length, p, timeout));
        md.append("Timeout needed to solve | DFS 20% | DFS 40% | DFS 60% | Sort-and-add 20% | Sort-and-add 40% | Sort-and-add 60%\n");
        md.append("---|---|---|---|---|---|---\n");
        double[][] time = new double[4][3];
        double[][] count = new double[4][3];
        for (int s = 0; s < 4; s++) {
            double[] asDouble = Arrays.stream(nodes[s]).mapToDouble(n -> n == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : n).toArray();
            for (int i = 0; i < 3; i++) {
                time[s][i] = needed(seconds[s], PERCENTS[i]);
                count[s][i] = needed(asDouble, PERCENTS[i]);
            }
        }
        md.append(row("Baseline (prior)", time[0], time[2], true)).append(row("DeepCoder (network)", time[1], time[3], true));
        md.append(speedup(time, timeout));
        md.append("\nSearch nodes needed to solve | DFS 20% | DFS 40% | DFS 60% | Sort-and-add 20% | Sort-and-add 40% | Sort-and-add 60%\n");
        md.append("---|---|---|---|---|---|---\n");
        md.append(row("Baseline (prior)", count[0], count[2], false)).append(row("DeepCoder (network)", count[1], count[3], false));
        md.append(speedup(count, Double.NaN));
        md.append("\nSolved within the timeout: ");
        for (int s = 0; s < 4; s++) {
            long solved = Arrays.stream(seconds[s]).filter(Double::isFinite).count();
            md.append(String.format(Locale.ROOT, "%s %d/%d%s", VARIANTS.get(s).name(), solved, p, s < 3 ? "; " : ".\n"));
        }
        md.append(String.format(Locale.ROOT, "Network prediction: %.2f ms per task (not included in the search times).%n", predictMillis));
        return md.toString();
    }

    private static String row(String name, double[] dfs, double[] sortAndAdd, boolean time) {
        StringBuilder row = new StringBuilder(name);
        for (double[] values : new double[][] {dfs, sortAndAdd}) {
            for (double v : values) {
                row.append(" | ").append(time ? formatTime(v) : formatCount(v));
            }
        }
        return row.append('\n').toString();
    }

    /** Baseline over network; where only the network solved, at least {@code bound} over the network's figure. */
    private static String speedup(double[][] values, double bound) {
        StringBuilder row = new StringBuilder("Speedup");
        for (int[] pair : new int[][] {{0, 1}, {2, 3}}) {
            for (int i = 0; i < 3; i++) {
                double base = values[pair[0]][i];
                double net = values[pair[1]][i];
                String cell;
                if (Double.isInfinite(net)) {
                    cell = "—";
                } else if (Double.isInfinite(base)) {
                    cell = Double.isNaN(bound) ? "—" : String.format(Locale.ROOT, ">%.1f×", bound / Math.max(net, 1e-9));
                } else {
                    cell = String.format(Locale.ROOT, "%.1f×", base / Math.max(net, 1e-9));
                }
                row.append(" | ").append(cell);
            }
        }
        return row.append('\n').toString();
    }

    static String formatTime(double seconds) {
        if (Double.isInfinite(seconds)) {
            return "> timeout";
        }
        double millis = seconds * 1e3;
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        return String.format(Locale.ROOT, "%.3g s", seconds);
    }

    static String formatCount(double count) {
        if (Double.isInfinite(count)) {
            return "> timeout";
        }
        return String.format(Locale.ROOT, "%,.0f", count);
    }

    private void plot(double[][] seconds, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title(String.format(Locale.ROOT, "DeepCoder T = %d: tasks solved against search time", length))
                .xAxisTitle("search time per task (ms, log scale)").yAxisTitle("fraction of test tasks solved").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(0);
        for (int s = 0; s < VARIANTS.size(); s++) {
            double[] sorted = Arrays.stream(seconds[s]).filter(Double::isFinite).sorted().toArray();
            if (sorted.length == 0) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < sorted.length; i++) {
                x.add(Math.max(sorted[i] * 1e3, 1e-3));
                y.add((i + 1) / (double) seconds[s].length);
            }
            XYSeries series = chart.addSeries(VARIANTS.get(s).name(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
