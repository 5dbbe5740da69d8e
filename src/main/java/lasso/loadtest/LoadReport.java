package lasso.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A load test's report in a directory: {@code report.json} = {@code {"steps": [{"offered_rate",
 * "achieved_rate", "p50_ms", "p90_ms", "p99_ms", "max_ms", "accepted", "answered", "errors": {status:
 * count}, "lost"}]}}, {@code report.md} (the same with the target rates and the verdict on the bound)
 * and {@code latency-vs-rate.png}; with a bound, {@code slo.json} names the highest rate within it.
 */
public final class LoadReport {

    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";
    public static final String PLOT_FILE = "latency-vs-rate.png";
    public static final String SLO_FILE = "slo.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadReport() {
    }

    /** @param title what was tested (target, tasks, options), for the Markdown report */
    public static void write(Path dir, String title, LoadTest.Outcome outcome, Optional<Double> sloMillis)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), JSON.writeValueAsString(json(outcome.steps())));
        if (sloMillis.isPresent()) {
            ObjectNode slo = JSON.createObjectNode();
            slo.put("slo_p99_ms", sloMillis.get());
            if (outcome.bestWithinSlo().isPresent()) {
                slo.put("max_rate_within_slo", outcome.bestWithinSlo().get());
            } else {
                slo.putNull("max_rate_within_slo");
            }
            Files.writeString(dir.resolve(SLO_FILE), JSON.writeValueAsString(slo));
        }
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(title, outcome, sloMillis));
        plot(dir.resolve(PLOT_FILE), outcome.steps(), sloMillis);
    }

    static ObjectNode json(List<StepResult> steps) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("steps");
        for (StepResult step : steps) {
            ObjectNode node = array.addObject();
            node.put("offered_rate", round(step.offeredRate()));
            node.put("achieved_rate", round(step.achievedRate()));
            node.put("p50_ms", round(step.p50Millis()));
            node.put("p90_ms", round(step.p90Millis()));
            node.put("p99_ms", round(step.p99Millis()));
            node.put("max_ms", round(step.maxMillis()));
            node.put("accepted", step.accepted());
            node.put("answered", step.answered());
            ObjectNode errors = node.putObject("errors");
            step.errors().forEach(errors::put);
            node.put("lost", step.lost());
        }
        return root;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static String markdown(String title, LoadTest.Outcome outcome, Optional<Double> sloMillis) {
        StringBuilder md = new StringBuilder("# Load test\n\n").append(title).append("\n\n");
        md.append("| Target rate | Offered (jobs/s) | Achieved (jobs/s) | p50 | p90 | p99 | max | Sent | Accepted "
                + "| Answered | Errors | Lost | Most outstanding | Generator lag (max) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StepResult step : outcome.steps()) {
            md.append(String.format(Locale.ROOT, "| %.1f | %.2f | %.2f | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d | %d | %d "
                            + "| %s | %d | %d | %.1f ms |%n", step.targetRate(), step.offeredRate(), step.achievedRate(),
                    step.p50Millis(), step.p90Millis(), step.p99Millis(), step.maxMillis(), step.sent(), step.accepted(),
                    step.answered(), step.errors().isEmpty() ? "0" : step.errors().toString(), step.lost(),
                    step.maxOutstanding(), step.maxSendLagMillis()));
        }
        md.append("\nLatency: from each job's intended start (its arrival in the schedule) to its result, for jobs "
                + "answered solved or unsolved (HdrHistogram). Offered: jobs sent per second of the sending period. "
                + "Achieved: those jobs answered per second until the last answer. Lost: accepted, never answered.\n\n");
        sloMillis.ifPresent(bound -> md.append(outcome.bestWithinSlo()
                .map(rate -> String.format(Locale.ROOT, "**Highest rate within p99 ≤ %.0f ms (every job answered, no "
                        + "errors): %.1f jobs/s.**%n%n", bound, rate))
                .orElse(String.format(Locale.ROOT, "**No step stayed within p99 ≤ %.0f ms.**%n%n", bound))));
        md.append("![latency against rate](").append(PLOT_FILE).append(")\n");
        return md.toString();
    }

    private static void plot(Path file, List<StepResult> steps, Optional<Double> sloMillis) throws IOException {
        List<StepResult> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingDouble(StepResult::offeredRate));
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Latency against offered rate")
                .xAxisTitle("Offered rate (jobs/s)").yAxisTitle("Latency from intended start (ms)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        boolean positive = sorted.stream().allMatch(step -> step.p50Millis() > 0);
        chart.getStyler().setYAxisLogarithmic(positive);
        List<Double> rates = sorted.stream().map(StepResult::offeredRate).toList();
        series(chart, "p50", rates, sorted, StepResult::p50Millis);
        series(chart, "p90", rates, sorted, StepResult::p90Millis);
        series(chart, "p99", rates, sorted, StepResult::p99Millis);
        series(chart, "max", rates, sorted, StepResult::maxMillis);
        if (sloMillis.isPresent() && !rates.isEmpty()) {
            XYSeries bound = chart.addSeries("p99 bound", List.of(rates.get(0), rates.get(rates.size() - 1)),
                    List.of(sloMillis.get(), sloMillis.get()));
            bound.setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void series(XYChart chart, String name, List<Double> rates, List<StepResult> steps,
                               ToDoubleFunction<StepResult> value) {
        List<Double> values = steps.stream().map(step -> Math.max(value.applyAsDouble(step), 0.001)).toList();
        chart.addSeries(name, rates, values);
    }
}
