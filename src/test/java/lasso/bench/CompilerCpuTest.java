package lasso.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JIT compiler's share of a JVM's CPU, read from {@code /proc} (Linux). */
class CompilerCpuTest {

    @Test
    void theCompilersThreadsAreKnownByTheirNamesAsLinuxKeepsThem() {
        assertTrue(CompilerCpu.isCompiler("C2 CompilerThre"));
        assertTrue(CompilerCpu.isCompiler("C1 CompilerThre"));
        assertFalse(CompilerCpu.isCompiler("GC Thread#0"));
        assertFalse(CompilerCpu.isCompiler("lasso-akka.acto"));
    }

    @Test
    void theShareIsTheCompilersTicksOverTheProcesss() {
        CompilerCpu.Ticks before = new CompilerCpu.Ticks(10, 100);
        assertEquals(0.25, new CompilerCpu.Ticks(35, 200).shareSince(before), 1e-9);
        assertEquals(0, new CompilerCpu.Ticks(10, 100).shareSince(before), 1e-9);
    }

    @Test
    void thisJvmsCompilerThreadsShowTheCpuTheyUsed() {
        long pid = ProcessHandle.current().pid();
        assumeTrue(Files.isDirectory(Path.of("/proc", String.valueOf(pid), "task")), "needs Linux's /proc");
        CompilerCpu.Ticks before = CompilerCpu.read(pid).orElseThrow();
        assertTrue(before.process() > 0 && before.compiler() <= before.process(), before.toString());
        // This JVM has compiled the code it ran so far; if not yet, it does once this loop is hot.
        long deadline = System.nanoTime() + 60_000_000_000L;
        long sum = 0;
        Optional<CompilerCpu.Ticks> now = CompilerCpu.read(pid);
        for (int round = 0; now.orElseThrow().compiler() == 0 && System.nanoTime() < deadline; round++) {
            sum += busyWork(round);
            now = CompilerCpu.read(pid);
        }
        assertTrue(now.orElseThrow().compiler() > 0, "no compiler CPU seen (" + sum + ")");
        assertFalse(CompilerCpu.read(-1).isPresent(), "no process, no reading");
    }

    private static long busyWork(int round) {
        long h = round;
        for (int i = 0; i < 2_000_000; i++) {
            h = h * 31 + (i ^ (h >>> 7));
        }
        return h;
    }
}
