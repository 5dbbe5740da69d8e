package lasso.cli;

import lasso.domain.Domain;
import lasso.domain.c.CDomain;
import lasso.domain.c.GccCrossCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "crosscheck",
        mixinStandardHelpOptions = true,
        description = {
                "Checks the restricted-C interpreter against gcc: random programs (generated tasks, the whole "
                        + "language, mutants) and hand-written edge cases, compiled as one C file.",
                "Prints a summary and every mismatch; exits 1 on a mismatch. Also measures LaSynth's gcc judge "
                        + "(compile and run one program) against the interpreter."})
final class CrossCheckCommand implements Callable<Integer> {

    @Option(names = "--domain", required = true, converter = DomainConverter.class,
            description = "The domain (only c has a compiler to check against).")
    Domain<?, ?, ?> domain;

    @Option(names = "--count", defaultValue = "300", description = "Random programs (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--judge-programs", defaultValue = "10",
            description = "Programs timed with the gcc judge, one gcc call each (0: skip; default: ${DEFAULT-VALUE}).")
    int judgePrograms;

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the C files and binaries in this folder.")
    Path keep;

    @Override
    public Integer call() throws IOException {
        if (!(domain instanceof CDomain)) {
            throw new IllegalArgumentException("the gcc cross-check is for --domain c");
        }
        if (count < 0 || judgePrograms < 0) {
            throw new IllegalArgumentException("--count and --judge-programs must not be negative");
        }
        Path folder = keep != null ? keep : Files.createTempDirectory("lasso-crosscheck");
        try {
            List<GccCrossCheck.Case> edge = GccCrossCheck.edgeCases();
            List<GccCrossCheck.Case> random = GccCrossCheck.randomCases(seed, count);
            List<GccCrossCheck.Case> cases = new ArrayList<>(edge);
            cases.addAll(random);
            GccCrossCheck.Report report = GccCrossCheck.run(cases, folder);
            System.out.printf("programs: %d (%d random, seed %d; %d hand-written), examples: %d%n",
                    report.programs(), random.size(), seed, edge.size(), report.examples());
            System.out.printf("compared with gcc: %d, index errors (undefined in C, not run): %d, timeouts (not run): %d%n",
                    report.compared(), report.errors(), report.timeouts());
            System.out.printf("gcc %s: one translation unit compiled and run in %.2f s%n",
                    String.join(" ", GccCrossCheck.GCC_FLAGS), report.gccSeconds());
            for (GccCrossCheck.Mismatch mismatch : report.mismatches()) {
                System.out.printf("MISMATCH %s, input %s: interpreter %s, gcc %s%n%s%n", mismatch.name(), mismatch.input(),
                        mismatch.interpreter(), mismatch.gcc(), mismatch.program());
            }
            System.out.println("mismatches: " + report.mismatches().size());
            if (judgePrograms > 0) {
                GccCrossCheck.JudgeCost cost = GccCrossCheck.judgeCost(random.isEmpty() ? edge : random, judgePrograms,
                        folder.resolve("judge"));
                System.out.printf("gcc judge (write, gcc -o, run; 5 inputs): %.1f ms per program (%d programs)%n",
                        cost.gccMillisPerProgram(), cost.programs());
                System.out.printf("interpreter (same programs, same 5 inputs): %.2f us per program%n",
                        cost.interpreterMicrosPerProgram());
                System.out.printf("interpreter/gcc speed ratio: %,.0fx%n", cost.ratio());
            }
            return report.mismatches().isEmpty() ? 0 : 1;
        } finally {
            if (keep == null) {
                delete(folder);
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
