package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.InvalidTaskException;
import lasso.domain.Mutator;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Task;
import lasso.domain.TaskFormat;
import lasso.domain.TaskGeneration;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelMachine;
import lasso.domain.karel.KarelParser;
import lasso.domain.karel.KarelProgram;
import lasso.domain.karel.KarelStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Lasso end to end, embedded in this JVM, with a short summary of each step.",
                "First the shipped demo tasks of each domain (data/demo) are solved by an embedded node's actors "
                        + "(job registry, coordinators, synthesizers, executors, debuggers), the Karel ones also with "
                        + "each search strategy on equal budgets.",
                "Then the Karel domain on the shipped real data: parse/print round trip of 500 real programs, the "
                        + "48 real examples checked (grids and action lists), a small generated data set with its "
                        + "statistics, a trace, mutations and the interpreter's speed."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "500", description = "Tasks to generate (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seconds", defaultValue = "1", description = "Time for each speed measurement (default: ${DEFAULT-VALUE} s).")
    double seconds;

    private final PrintStream out = System.out;
    private final KarelDomain karel = new KarelDomain();
    private boolean allGood = true;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        out.println("Lasso demo: programs from input-output examples, searched by actors");
        out.println();
        allGood &= new RuntimeDemo(out).run();
        out.println("The Karel domain (Bunel et al. 2018), on the shipped MSR test records");
        out.println();
        List<KarelProgram> programs = roundTrip();
        checkRealExamples();
        generate();
        trace();
        mutate(programs);
        speed();
        out.printf(Locale.ROOT, "%ndone in %.1f s: %s%n", (System.nanoTime() - start) / 1e9,
                allGood ? "everything as expected" : "SOMETHING FAILED (see above)");
        return allGood ? 0 : 1;
    }

    private void section(String title) {
        out.println("== " + title);
    }

    private List<KarelProgram> roundTrip() throws ProgramSyntaxException {
        section("Parse and print");
        List<JsonNode> records = ShippedData.records(ShippedData.KAREL_PROGRAMS);
        List<KarelProgram> programs = new ArrayList<>();
        int same = 0;
        for (JsonNode record : records) {
            List<String> tokens = ShippedData.strings(record.get("program_tokens"));
            KarelProgram program = karel.parse(tokens);
            programs.add(program);
            same += karel.tokens(program).equals(tokens) && karel.parse(karel.print(program)).equals(program) ? 1 : 0;
        }
        allGood &= same == records.size();
        out.printf("%d/%d real test programs parse and print back to the same tokens%n", same, records.size());
        out.println("e.g. " + programs.get(1));
        out.println();
        return programs;
    }

    private void checkRealExamples() {
        section("Check the 48 real examples (output grids and recorded action lists, NEAR rules)");
        TaskFormat<KarelGrid, KarelGrid> format = karel.taskFormat();
        int passed = 0;
        int total = 0;
        for (JsonNode record : ShippedData.records(ShippedData.KAREL_FULL)) {
            try {
                Task<KarelGrid, KarelGrid> task = format.read(record);
                TaskFormat.CheckResult result = format.check(task);
                passed += result.passed();
                total += result.total();
                result.problems().forEach(problem -> out.println("  " + task.id() + ": " + problem));
            } catch (InvalidTaskException e) {
                out.println("  unreadable record: " + e.getMessage());
                allGood = false;
            }
        }
        allGood &= passed == total && total == 48;
        out.printf("%d/%d examples pass%n%n", passed, total);
    }

    private void generate() {
        section("Generate " + tasks + " tasks (seed " + seed + ", worlds of 2..16 x 2..16 as in the data set)");
        var generator = karel.generator(Map.of());
        List<KarelProgram> programs = new ArrayList<>();
        List<Integer> actions = new ArrayList<>();
        KarelMachine machine = karel.machine();
        long start = System.nanoTime();
        String[] first = new String[1];
        TaskGeneration.generate(generator, tasks, seed, Runtime.getRuntime().availableProcessors(), numbered -> {
            KarelProgram program = numbered.task().program();
            programs.add(program);
            if (first[0] == null) {
                first[0] = numbered.id() + ": " + program;
            }
            numbered.task().examples().forEach(example -> {
                machine.run(program, example.input());
                actions.add(machine.actionCount());
            });
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%d tasks with 6 examples each (5 given, 1 held out) in %.2f s%n", programs.size(), elapsed);
        out.println("first: " + first[0]);
        out.println("generated:  " + KarelStatistics.of(programs, actions.stream().mapToInt(Integer::intValue).toArray())
                .describe().replace("\n", "\n            "));
        out.println("test split: " + KarelStatistics.TEST_SPLIT.describe().replace("\n", "\n            "));
        out.println();
    }

    private void trace() throws ProgramSyntaxException {
        section("Trace (SED's format) of real task #0 on its first example");
        JsonNode record = ShippedData.records(ShippedData.KAREL_FULL).get(0);
        KarelProgram program = KarelParser.parse(ShippedData.strings(record.get("program_tokens")));
        KarelGrid input;
        try {
            input = karel.taskFormat().read(record).examples().get(0).input();
        } catch (InvalidTaskException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Trace<KarelGrid> trace = karel.trace(program, input);
        List<String> tokens = program.tokens();
        out.println(program);
        out.printf("%d worlds, %d events, success %s:%n", trace.states().size(), trace.events().size(), trace.success());
        StringBuilder line = new StringBuilder(" ");
        for (TraceEvent event : trace.events()) {
            String text = event.type() + "@" + event.timestep()
                    + (event.conditionValue() == null ? "" : "(" + event.conditionValue() + ")");
            if (line.length() + text.length() > 100) {
                out.println(line);
                line = new StringBuilder(" ");
            }
            line.append(' ').append(text);
        }
        out.println(line);
        TraceEvent loop = trace.events().get(1);
        out.printf("the repeat's events cover tokens %d..%d (%s ... %s), its count is token %d (%s)%n%n",
                loop.span().first(), loop.span().last(), tokens.get(loop.span().first()), tokens.get(loop.span().last()),
                loop.conditionSpan().first(), tokens.get(loop.conditionSpan().first()));
    }

    private void mutate(List<KarelProgram> programs) {
        section("SED mutations (chains of 1-3, P ~ 1:2:3)");
        Mutator<KarelProgram> mutator = karel.mutator();
        SplittableRandom random = new SplittableRandom(seed);
        KarelProgram program = programs.get(1);
        out.println("original: " + program);
        for (int i = 0; i < 3; i++) {
            out.println("mutant:   " + mutator.mutateChain(program, random).map(KarelProgram::toString).orElse("(none)"));
        }
        out.println();
    }

    private void speed() {
        section("Interpreter speed (one thread; noisy on a busy machine, see ./lasso perf and ./lasso jmh)");
        KarelPerfWorkload workload = new KarelPerfWorkload();
        out.println(workload.describe());
        double runs = rate(workload::runBatch);
        out.printf(Locale.ROOT, "executions/s without traces: %,.0f (the Python reference interpreters: ~15,000)%n", runs);
        double traces = rate(workload::traceBatch);
        out.printf(Locale.ROOT, "executions/s with SED traces: %,.0f%n", traces);
    }

    private double rate(java.util.function.LongSupplier batch) {
        long warmupEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < warmupEnd) {
            batch.getAsLong();
        }
        long units = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            units += batch.getAsLong();
            now = System.nanoTime();
        } while (now < end);
        return units * 1e9 / (now - start);
    }
}
