package lasso.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The share of a JVM's CPU time that its JIT compiler's threads ({@code C1 CompilerThread*},
 * {@code C2 CompilerThread*}) used, read from Linux's {@code /proc/PID/task/TID/stat}: in a short
 * benchmark on two cores the compiler is still at work while the timed jobs run, in every JVM,
 * and that is paid once by a long-running node. Readings are clock ticks; their difference over the
 * process's own ticks is the share. Empty where there is no {@code /proc} (not Linux).
 */
final class CompilerCpu {

    /** Clock ticks used so far: by the compiler's threads, and by the whole process. */
    record Ticks(long compiler, long process) {

        /** The compiler's share of the process's CPU since {@code before} (0 when the process used none). */
        double shareSince(Ticks before) {
            long process = this.process - before.process;
            return process <= 0 ? 0 : Math.max(0, compiler - before.compiler) / (double) process;
        }
    }

    private CompilerCpu() {
    }

    /** The process's ticks now, or empty when {@code /proc} cannot tell (not Linux, or the process is gone). */
    static Optional<Ticks> read(long pid) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        OptionalLong process = ticks(proc.resolve("stat"), false);
        if (process.isEmpty()) {
            return Optional.empty();
        }
        long compiler = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                compiler += ticks(task.resolve("stat"), true).orElse(0);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new Ticks(compiler, process.getAsLong()));
    }

    /**
     * utime + stime of one stat file ({@code pid (comm) state ...}: the 14th and 15th fields); with
     * {@code compilerOnly}, 0 for a thread that is not one of the compiler's.
     */
    private static OptionalLong ticks(Path stat, boolean compilerOnly) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return OptionalLong.empty();
        }
        if (compilerOnly && !isCompiler(line.substring(open + 1, close))) {
            return OptionalLong.of(0);
        }
        String[] fields = line.substring(close + 2).split(" ");
        // fields[0] is the state (the 3rd field of the line): utime is the 14th, stime the 15th.
        return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"; Linux keeps 15 characters. */
    static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
    }
}
