package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.model.sed.EditInput;
import lasso.model.sed.NeuralDebugger;
import lasso.model.sed.NeuralEditor;
import lasso.model.sed.RepairEvaluation;
import lasso.model.sed.Repairs;
import lasso.model.synthesis.Decoded;
import lasso.model.synthesis.DecodingBatcher;
import lasso.model.synthesis.NeuralSynthesizer;
import lasso.model.synthesis.ShippedModels;
import lasso.model.synthesis.SynthesisEvaluation;
import lasso.search.Candidate;
import lasso.search.Editor;
import lasso.search.MixedEditor;
import lasso.search.MutationEditor;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import me.tongfei.progressbar.ProgressBar;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

@Command(name = "eval-debugger",
        mixinStandardHelpOptions = true,
        description = {
                "Evaluates SED debuggers as the paper does (models.md C.8, C.9), as a Markdown report with a PNG plot.",
                "End to end (default): the synthesizer's beam (--synth-beam, 32) on each task's given examples is the "
                        + "search's start; best-first and greedy search expand programs with each debugger (a model "
                        + "directory, a shipped name, or 'mutation' for random edits) up to k debugger calls. "
                        + "Generalization and exact match at every k of --k, against the synthesizer alone.",
                "--mutations 1,2,3,4,5: the mutation benchmark: each task's program mutated exactly m times is the "
                        + "start of a best-first search of at most max(--k) calls."})
final class DebuggerEvalCommand implements Callable<Integer> {

    @Option(names = "--tasks", required = true, paramLabel = "FILE.jsonl", description = "Tasks (with reference programs).")
    Path tasks;

    @Option(names = "--limit", description = "Evaluate only the first N tasks.")
    Integer limit;

    @Option(names = "--debugger", paramLabel = "DIR|NAME|mutation", split = ",",
            description = "Debuggers to compare (repeatable; default: the domain's shipped one, 'sed'); DEBUGGER+mutation "
                    + "asks a share (--mix) of each call's edits of the random mutations instead.")
    List<String> debuggers = new ArrayList<>();

    @Option(names = "--mix", defaultValue = "0.5", paramLabel = "SHARE",
            description = "For DEBUGGER+mutation: the share of each call's edits that are random mutations (default: ${DEFAULT-VALUE}).")
    double mix;

    @Option(names = "--synthesizer", paramLabel = "DIR|NAME",
            description = "The synthesizer whose beam starts each search (default: the domain's shipped one).")
    String synthesizer;

    @Option(names = "--domain", description = "The tasks' domain (default: the first debugger's or the synthesizer's).")
    String domainName;

    @Option(names = "--synth-beam", defaultValue = "32", description = "The synthesizer's beam (default: ${DEFAULT-VALUE}).")
    int synthBeam;

    @Option(names = "--strategy", split = ",", defaultValue = "best-first,greedy",
            description = "Search strategies (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--k", split = ",", defaultValue = "1,5,10,25,50,100",
            description = "Budgets of debugger calls to report (default: ${DEFAULT-VALUE}).")
    List<Long> ks;

    @Option(names = "--edits", defaultValue = "64", description = "The debugger's beam: edits per call (default: ${DEFAULT-VALUE}).")
    int edits;

    @Option(names = "--jobs", defaultValue = "16",
            description = "Tasks searched at once; their debugger calls are decoded in batches (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--mutations", split = ",", paramLabel = "M",
            description = "The mutation benchmark with these numbers of mutations (e.g. 1,2,3,4,5).")
    List<Integer> mutations;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the mutations and the searches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--merge", split = ",", paramLabel = "REPORT.md",
            description = "Instead of evaluating: one report (--report) over the tasks of these reports, e.g. of parts of "
                    + "--tasks run one after another, from their per-task results (.jsonl) and synthesizer-alone rows; "
                    + "the runs of --strategy (and of --debugger, if given) that every part has, their times added up.")
    List<Path> merge;

    @Option(names = "--report", paramLabel = "FILE.md", description = "The Markdown report (default: under runs/eval/); "
            + "the plot goes next to it (.png) and the per-task results too (.jsonl).")
    Path report;

    /** One debugger × strategy run over every case. */
    private record Run<P>(String debugger, Strategy strategy, List<RepairEvaluation.Result<P>> results, double seconds) {

        /** A model directory by its last name. */
        String name() {
            return Path.of(debugger).getFileName().toString();
        }

        long calls() {
            return results.stream().mapToLong(RepairEvaluation.Result::expansions).sum();
        }
    }

    /** The synthesizer alone: of how many tasks its answer generalizes and matches exactly. */
    private record Alone(int count, long generalized, long exact) {

        static <P> Alone of(List<SynthesisEvaluation.Result<P>> results) {
            return new Alone(results.size(), results.stream().filter(SynthesisEvaluation.Result::generalizes).count(),
                    results.stream().filter(SynthesisEvaluation.Result::exact).count());
        }
    }

    /** The line of an end-to-end report that says where its searches start and the debugger's beam. */
    private static final Pattern START =
            Pattern.compile("; each search starts from (.+) and may call its debugger \\(beam (\\d+)\\)");

    @Override
    public Integer call() throws Exception {
        if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 0) || edits < 1 || jobs < 1 || synthBeam < 1) {
            throw new IllegalArgumentException("--k must be non-negative budgets; --edits, --jobs, --synth-beam positive");
        }
        if (merge != null) {
            return merged();
        }
        if (debuggers.isEmpty()) {
            debuggers = List.of("sed");
        }
        Domain<?, ?, ?> domain = domain();
        return evaluate(domain);
    }

    private Domain<?, ?, ?> domain() throws IOException {
        if (domainName != null) {
            return lasso.domain.Domains.named(domainName);
        }
        if (synthesizer != null && mutations == null) {
            try (NeuralSynthesizer<?, ?, ?> s = NeuralSynthesizer.load(ShippedModels.resolve(synthesizer))) {
                return s.domain();
            }
        }
        for (String name : debuggers) {
            if (!name.equals("mutation") && !name.equals("sed")) {
                try (NeuralDebugger<?, ?, ?> d = NeuralDebugger.load(ShippedModels.resolve(name))) {
                    return d.domain();
                }
            }
        }
        throw new IllegalArgumentException("give the tasks' domain with --domain (or a --synthesizer or --debugger model)");
    }

    private String synthesizerName(Domain<?, ?, ?> domain) {
        if (synthesizer != null) {
            return synthesizer;
        }
        if (domain == null) {
            throw new IllegalArgumentException("give the synthesizer with --synthesizer (or the domain with --domain)");
        }
        return ShippedModels.forDomain(domain.name()).map(Path::toString).orElseThrow(() ->
                new IllegalArgumentException("no shipped synthesizer for " + domain.name() + "; give --synthesizer"));
    }

    private <P, I, O> int evaluate(Domain<P, I, O> domain) throws Exception {
        List<SynthesisEvaluation.Case<P, I, O>> loaded = EvalCommand.cases(domain, tasks, limit);
        List<RepairEvaluation.Case<P, I, O>> cases;
        List<SynthesisEvaluation.Result<P>> alone = null;
        Map<Integer, List<RepairEvaluation.Case<P, I, O>>> byMutations = new LinkedHashMap<>();
        String start;
        if (mutations == null) {
            Path directory = ShippedModels.resolve(synthesizerName(domain));
            List<List<Decoded<P>>> beams = new ArrayList<>();
            try (NeuralSynthesizer<?, ?, ?> s = NeuralSynthesizer.load(directory);
                 ProgressBar progress = Progress.bar("synthesize", loaded.size())) {
                @SuppressWarnings("unchecked")
                NeuralSynthesizer<P, I, O> synth = (NeuralSynthesizer<P, I, O>) s;
                for (int from = 0; from < loaded.size(); from += 16) {
                    List<SynthesisEvaluation.Case<P, I, O>> part = loaded.subList(from, Math.min(loaded.size(), from + 16));
                    beams.addAll(synth.decode(part.stream().map(SynthesisEvaluation.Case::given).toList(), synthBeam));
                    progress.stepTo(beams.size());
                }
            }
            alone = new ArrayList<>();
            cases = new ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                SynthesisEvaluation.Case<P, I, O> task = loaded.get(i);
                alone.add(SynthesisEvaluation.judge(domain, task, beams.get(i)));
                List<Candidate<P>> initial = beams.get(i).stream()
                        .map(d -> new Candidate<>(d.program(), d.logProbability())).toList();
                cases.add(new RepairEvaluation.Case<>(task.id(), task.given(), heldout(task), task.reference(), initial));
            }
            start = "the beam (" + synthBeam + ") of `" + directory + "`";
        } else {
            Repairs<P, I, O> repairs = new Repairs<>(domain, domain);
            cases = new ArrayList<>();
            for (int m : mutations) {
                if (m < 1) {
                    throw new IllegalArgumentException("--mutations: at least 1 mutation, not " + m);
                }
                List<RepairEvaluation.Case<P, I, O>> withM = new ArrayList<>();
                for (int i = 0; i < loaded.size(); i++) {
                    SynthesisEvaluation.Case<P, I, O> task = loaded.get(i);
                    if (task.reference() == null) {
                        continue;
                    }
                    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i * 31L + m);
                    domain.mutator().mutateChain(task.reference(), m, random).ifPresent(mutant ->
                            withM.add(new RepairEvaluation.Case<>(task.id() + "/m" + m, task.given(), heldout(task),
                                    task.reference(), List.of(new Candidate<>(mutant, 0)))));
                }
                byMutations.put(m, withM);
                cases.addAll(withM);
            }
            start = "each task's program mutated exactly m times";
        }
        long budget = ks.stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Run<P>> runs = new ArrayList<>();
        for (String name : debuggers) {
            for (String label : mutations == null ? strategies : List.of("best-first")) {
                Strategy strategy = Strategy.fromLabel(label);
                runs.add(run(domain, name, strategy, cases, budget));
            }
        }
        if (report == null) {
            String taskName = tasks.getFileName().toString().replaceFirst("\\.jsonl$", "");
            report = Path.of("runs", "eval", "debugger-" + taskName + (mutations == null ? "" : "-mutations") + ".md");
        }
        Alone counts = mutations == null ? Alone.of(alone) : null;
        String markdown = counts != null ? endToEnd(counts, runs, start, edits, sibling(".png"), "")
                : mutationTable(byMutations, runs, budget, start);
        return write(markdown, counts, runs, domain::print);
    }

    /**
     * Writes the report, its plot (an end-to-end report's: {@code alone} given, else null) and the
     * per-task results next to it, and prints the report.
     */
    private <P> int write(String markdown, Alone alone, List<Run<P>> runs, Function<P, String> print)
            throws IOException {
        if (report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        Files.writeString(report, markdown);
        if (alone != null) {
            plot(alone, runs, sibling(".png"));
        }
        writeResults(runs, print, sibling(".jsonl"));
        System.out.print(markdown);
        System.out.printf(Locale.ROOT, "%nreport: %s%n", report);
        return 0;
    }

    private static <P, I, O> List<Example<I, O>> heldout(SynthesisEvaluation.Case<P, I, O> task) {
        List<Example<I, O>> heldout = new ArrayList<>(task.all());
        heldout.removeAll(task.given());
        return heldout.stream().filter(e -> e.output() != null).toList();
    }

    private Path sibling(String extension) {
        return sibling(report, extension);
    }

    private static Path sibling(Path report, String extension) {
        return report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "") + extension);
    }

    /** A run of a report: its debugger as given and its strategy's label. */
    private record RunKey(String debugger, String strategy) {

        /** As the report's table names it. */
        String row() {
            return "| " + Path.of(debugger).getFileName() + " | " + strategy + " |";
        }
    }

    /** --merge: the runs every part has, over all the parts' tasks, as one report. */
    private int merged() throws IOException {
        if (report == null) {
            throw new IllegalArgumentException("--merge needs --report, the merged report to write");
        }
        Map<RunKey, List<RepairEvaluation.Result<String>>> results = new LinkedHashMap<>();
        Map<RunKey, Double> seconds = new LinkedHashMap<>();
        Map<RunKey, Integer> parts = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        long generalized = 0;
        long exact = 0;
        Matcher first = null;
        for (Path part : merge) {
            List<String> markdown = Files.readAllLines(part);
            Matcher header = START.matcher(String.join("\n", markdown));
            if (!header.find()) {
                throw new IllegalArgumentException(part + " is not an end-to-end report of eval-debugger");
            }
            if (first == null) {
                first = header;
            } else if (!first.group().equals(header.group())) {
                throw new IllegalArgumentException(part + " was not run as " + merge.get(0) + ": its searches start from "
                        + header.group(1) + ", debugger beam " + header.group(2));
            }
            long budget = cells(markdown, "| debugger | search |", part).stream().filter(c -> c.startsWith("k = "))
                    .mapToLong(c -> Long.parseLong(c.substring(4))).max().orElse(0);
            ks.stream().filter(k -> k > budget).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("--k: k = " + k + " is beyond the budget of " + part + " (" + budget + ")");
            });
            Map<RunKey, List<RepairEvaluation.Result<String>>> runs = new LinkedHashMap<>();
            for (String line : Files.readAllLines(sibling(part, ".jsonl"))) {
                JsonNode row = JsonLines.MAPPER.readTree(line);
                RunKey key = new RunKey(row.get("debugger").asText(), row.get("strategy").asText());
                if ((debuggers.isEmpty() || debuggers.contains(key.debugger())) && strategies.contains(key.strategy())) {
                    runs.computeIfAbsent(key, k -> new ArrayList<>()).add(new RepairEvaluation.Result<>(
                            row.get("id").asText(), row.get("solved_at").asLong(), row.get("generalizes").asBoolean(),
                            row.get("exact").asBoolean(), row.get("calls").asLong(), row.get("evaluated").asLong(),
                            row.get("answer").isNull() ? null : row.get("answer").asText()));
                }
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException(part + " has no run of --strategy " + strategies
                        + (debuggers.isEmpty() ? "" : " and --debugger " + debuggers));
            }
            List<String> partIds = runs.values().iterator().next().stream().map(RepairEvaluation.Result::id).toList();
            for (String id : partIds) {
                if (!ids.add(id)) {
                    throw new IllegalArgumentException("task " + id + " is in two of the reports (again in " + part + ")");
                }
            }
            for (Map.Entry<RunKey, List<RepairEvaluation.Result<String>>> run : runs.entrySet()) {
                if (!run.getValue().stream().map(RepairEvaluation.Result::id).toList().equals(partIds)) {
                    throw new IllegalArgumentException(part + ": its runs are not on the same tasks");
                }
                results.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).addAll(run.getValue());
                seconds.merge(run.getKey(), seconds(markdown, run.getKey(), part), Double::sum);
                parts.merge(run.getKey(), 1, Integer::sum);
            }
            double[] errors = aloneErrors(markdown, part);
            generalized += Math.round(partIds.size() * (100 - errors[0]) / 100);
            exact += Math.round(partIds.size() * (100 - errors[1]) / 100);
        }
        List<Run<String>> runs = new ArrayList<>();
        for (Map.Entry<RunKey, List<RepairEvaluation.Result<String>>> run : results.entrySet()) {
            if (parts.get(run.getKey()) < merge.size()) {
                System.err.printf("left out %s, %s: not in every report%n", run.getKey().debugger(), run.getKey().strategy());
            } else {
                runs.add(new Run<>(run.getKey().debugger(), Strategy.fromLabel(run.getKey().strategy()), run.getValue(),
                        seconds.get(run.getKey())));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run of --strategy " + strategies + " is in every report");
        }
        Alone alone = new Alone(ids.size(), generalized, exact);
        String markdown = endToEnd(alone, runs, first.group(1), Integer.parseInt(first.group(2)), sibling(".png"),
                " Merged from " + merge.size() + " reports (" + merge.stream().map(Path::toString)
                        .collect(Collectors.joining(", ")) + "); times added up.");
        return write(markdown, alone, runs, answer -> answer);
    }

    /** The cells of the table row of a report that starts with {@code row}. */
    private static List<String> cells(List<String> markdown, String row, Path part) {
        String line = markdown.stream().filter(l -> l.startsWith(row)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(part + " has no row " + row));
        return Arrays.stream(line.split("\\|")).map(String::trim).skip(1).toList();
    }

    /** The synthesizer-alone row's error %: [generalization, exact match]. */
    private static double[] aloneErrors(List<String> markdown, Path part) {
        String cell = cells(markdown, "| none (synthesizer alone) |", part).get(2);
        Matcher errors = Pattern.compile("([\\d.]+) \\(([\\d.]+)\\)").matcher(cell);
        if (!errors.matches()) {
            throw new IllegalArgumentException(part + ": no error % in the synthesizer-alone row: " + cell);
        }
        return new double[]{Double.parseDouble(errors.group(1)), Double.parseDouble(errors.group(2))};
    }

    /** A run's time in seconds, its row's cell before the last ("730 s"). */
    private static double seconds(List<String> markdown, RunKey run, Path part) {
        List<String> cells = cells(markdown, run.row(), part);
        return Double.parseDouble(cells.get(cells.size() - 2).replaceFirst(" s$", ""));
    }

    private <P, I, O> Run<P> run(Domain<P, I, O> domain, String name, Strategy strategy,
                                 List<RepairEvaluation.Case<P, I, O>> cases, long budget) throws IOException {
        SearchSettings settings = new SearchSettings(strategy, Math.max(1, budget), 10_000_000, Duration.ofDays(1).toMillis(),
                Math.max(1, cases.stream().mapToInt(c -> c.initial().size()).max().orElse(1)), edits, seed);
        long startNanos = System.nanoTime();
        List<RepairEvaluation.Result<P>> results;
        String label = name + ", " + strategy.label();
        boolean mixed = name.endsWith("+mutation");
        String model = mixed ? name.substring(0, name.length() - "+mutation".length()) : name;
        if (name.equals("mutation")) {
            try (ProgressBar progress = Progress.bar(label, cases.size())) {
                results = RepairEvaluation.run(domain, cases, new MutationEditor<>(domain), settings, jobs, progress::stepTo);
            }
        } else {
            Path directory = model.equals("sed") ? ShippedModels.debuggerForDomain(domain.name()).orElseThrow(() ->
                    new IllegalArgumentException("no shipped debugger for " + domain.name())) : ShippedModels.resolve(model);
            try (NeuralDebugger<?, ?, ?> loaded = NeuralDebugger.load(directory)) {
                @SuppressWarnings("unchecked")
                NeuralDebugger<P, I, O> debugger = (NeuralDebugger<P, I, O>) loaded;
                if (!debugger.domain().name().equals(domain.name())) {
                    throw new IllegalArgumentException(name + " is a " + debugger.domain().name() + " debugger");
                }
                try (DecodingBatcher<EditInput<I, O>, List<Decoded<P>>> batcher =
                             new DecodingBatcher<>(debugger, jobs, Duration.ofMillis(5));
                     ProgressBar progress = Progress.bar(label, cases.size())) {
                    Editor<P, I, O> editor = new NeuralEditor<>(domain, batcher, null);
                    if (mixed) {
                        editor = new MixedEditor<>(editor, new MutationEditor<>(domain), mix);
                    }
                    results = RepairEvaluation.run(domain, cases, editor, settings, jobs, progress::stepTo);
                }
            }
        }
        return new Run<>(name, strategy, results, (System.nanoTime() - startNanos) / 1e9);
    }

    private static double share(long n, long of) {
        return of == 0 ? 0 : 100.0 * n / of;
    }

    private <P> String endToEnd(Alone alone, List<Run<P>> runs, String start, int beam, Path plot, String note) {
        int count = alone.count();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "# Debuggers on %s%n%n", tasks.getFileName()));
        text.append(String.format(Locale.ROOT, "%d tasks of `%s`; each search starts from %s and may call its debugger "
                + "(beam %d) up to k times. Generalization error %% (exact-match error %%) at each k; the answer is the "
                + "first program that passes the given examples.%s%n%n", count, tasks, start, beam, note));
        text.append("| debugger | search |");
        ks.forEach(k -> text.append(" k = ").append(k).append(" |"));
        text.append(" calls per task | time | calls/s |\n|---|---|");
        ks.forEach(k -> text.append("---|"));
        text.append("---|---|---|\n");
        text.append("| none (synthesizer alone) | — |");
        for (long ignored : ks) {
            text.append(String.format(Locale.ROOT, " %.2f (%.2f) |", 100 - share(alone.generalized(), count),
                    100 - share(alone.exact(), count)));
        }
        text.append(" 0 | — | — |\n");
        for (Run<P> run : runs) {
            text.append("| ").append(run.name()).append(" | ").append(run.strategy().label()).append(" |");
            for (long k : ks) {
                long g = run.results().stream().filter(r -> r.generalizesWithin(k)).count();
                long e = run.results().stream().filter(r -> r.exactWithin(k)).count();
                text.append(String.format(Locale.ROOT, " %.2f (%.2f) |", 100 - share(g, count), 100 - share(e, count)));
            }
            text.append(String.format(Locale.ROOT, " %.1f | %.0f s | %.1f |%n", (double) run.calls() / count,
                    run.seconds(), run.calls() / run.seconds()));
        }
        text.append(String.format(Locale.ROOT, "%n![generalization error against k](%s)%n", plot.getFileName()));
        return text.toString();
    }

    private <P, I, O> String mutationTable(Map<Integer, List<RepairEvaluation.Case<P, I, O>>> byMutations,
                                           List<Run<P>> runs, long budget, String start) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "# Mutation benchmark on %s%n%n", tasks.getFileName()));
        text.append(String.format(Locale.ROOT, "Each search starts from %s and may call its debugger (beam %d) up to %d "
                + "times (best-first). Generalization error %% / exact-match error %%.%n%n", start, edits, budget));
        text.append("| m | tasks |");
        runs.forEach(run -> text.append(" ").append(run.name()).append(" |"));
        text.append("\n|---|---|");
        runs.forEach(run -> text.append("---|"));
        text.append("\n");
        for (Map.Entry<Integer, List<RepairEvaluation.Case<P, I, O>>> entry : byMutations.entrySet()) {
            List<String> ids = entry.getValue().stream().map(RepairEvaluation.Case::id).toList();
            text.append("| ").append(entry.getKey()).append(" | ").append(ids.size()).append(" |");
            for (Run<P> run : runs) {
                List<RepairEvaluation.Result<P>> mine = run.results().stream().filter(r -> ids.contains(r.id())).toList();
                long g = mine.stream().filter(r -> r.generalizesWithin(budget)).count();
                long e = mine.stream().filter(r -> r.exactWithin(budget)).count();
                text.append(String.format(Locale.ROOT, " %.1f / %.1f |", 100 - share(g, mine.size()),
                        100 - share(e, mine.size())));
            }
            text.append("\n");
        }
        text.append("\n| debugger | calls | time | calls/s |\n|---|---|---|---|\n");
        for (Run<P> run : runs) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %.0f s | %.1f |%n", run.name(), run.calls(),
                    run.seconds(), run.calls() / run.seconds()));
        }
        return text.toString();
    }

    private <P> void plot(Alone alone, List<Run<P>> runs, Path file) throws IOException {
        int count = alone.count();
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("generalization error against debugger calls, " + tasks.getFileName())
                .xAxisTitle("k (debugger calls)").yAxisTitle("generalization error (%)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        List<Double> x = ks.stream().map(k -> (double) Math.max(k, 1)).toList();
        double none = 100 - share(alone.generalized(), count);
        chart.addSeries("synthesizer alone", x, x.stream().map(k -> none).toList());
        for (Run<P> run : runs) {
            List<Double> y = ks.stream().map(k -> 100 - share(run.results().stream()
                    .filter(r -> r.generalizesWithin(k)).count(), count)).toList();
            chart.addSeries(run.name() + ", " + run.strategy().label(), x, y);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private <P> void writeResults(List<Run<P>> runs, Function<P, String> print, Path file) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            for (Run<P> run : runs) {
                for (RepairEvaluation.Result<P> result : run.results()) {
                    ObjectNode line = JsonLines.MAPPER.createObjectNode();
                    line.put("id", result.id());
                    line.put("debugger", run.debugger());
                    line.put("strategy", run.strategy().label());
                    line.put("solved_at", result.solvedAt());
                    line.put("generalizes", result.generalizes());
                    line.put("exact", result.exact());
                    line.put("calls", result.expansions());
                    line.put("evaluated", result.evaluated());
                    line.put("answer", result.answer() == null ? null : print.apply(result.answer()));
                    writer.write(JsonLines.MAPPER.writeValueAsString(line));
                    writer.newLine();
                }
            }
        }
    }
}
