package lasso.domain.c;

import lasso.domain.Example;
import lasso.domain.InvalidTaskException;
import lasso.domain.Task;
import lasso.domain.TaskGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static lasso.domain.c.CTestPrograms.DOMAIN;
import static lasso.domain.c.CTestPrograms.figure5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaSynthLayoutTest {

    /** A sample as Csmith-based tooling writes it: comments, a forward declaration, the definition, main. */
    private static final String CSMITH_STYLE = """
            /*
             * This is a RANDOMLY GENERATED PROGRAM.
             */
            #include <stdio.h>
            /* --- FORWARD DECLARATIONS --- */
            int * func_1(int a[]);


            /* ------------------------------------------ */
            /*\s
             * reads : a
             * writes: a
             */
            int * func_1(int a[])
            {
                int p_0 = 0;
                int l_25 = 4;
                a[p_0] = 1;
                --a[l_25];
                return a;
            }


            int main(void)
            {
                int a0[5] = {1, (-3), 0, 2, 4};
                int a1[5] = {0, 0, 0, 0, 0};
                int a2[5] = {(-4), (-4), (-4), (-4), (-4)};
                int a3[5] = {3, 2, 1, 0, (-1)};
                int a4[5] = {4, 4, 4, 4, 4};
                int *r;
                r = func_1(a0);
                return 0;
            }
            """;

    @Test
    void readsTheOriginalLayout(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("code_7.c"), CSMITH_STYLE);
        Files.writeString(folder.resolve("code_7.out"), "1 -3 0 2 3 \n1 0 0 0 -1 \n1 -4 -4 -4 -5 \n1 2 1 0 -2 \n1 4 4 4 3 \n");
        Files.writeString(folder.resolve("notes.txt"), "not a sample");
        List<Task<CArray, CArray>> tasks = LaSynthLayout.read(folder);
        assertEquals(1, tasks.size());
        Task<CArray, CArray> task = tasks.get(0);
        assertEquals("code_7", task.id());
        assertEquals(DOMAIN.parse(figure5(1)), DOMAIN.parse(task.program()));
        assertEquals(new Example<>(CArray.of(-4, -4, -4, -4, -4), CArray.of(1, -4, -4, -4, -5), false), task.examples().get(2));
        assertEquals(5, task.examples().size());
        assertEquals(1.0, DOMAIN.score(DOMAIN.parse(task.program()), task.examples()));
    }

    @Test
    void writtenSamplesReadBackWithTheirHeldOutExamples(@TempDir Path folder) throws Exception {
        List<Task<CArray, CArray>> tasks = new ArrayList<>();
        TaskGeneration.generate(DOMAIN.generator(Map.of()), 12, 3, 1, numbered -> tasks.add(
                new Task<>("code_" + numbered.index(), DOMAIN.print(numbered.task().program()), numbered.task().examples())));
        for (int i = 0; i < tasks.size(); i++) {
            LaSynthLayout.write(tasks.get(i), i, folder, DOMAIN);
        }
        List<Task<CArray, CArray>> read = LaSynthLayout.read(folder);
        assertEquals(tasks.size(), read.size());
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(tasks.get(i).examples(), read.get(i).examples());
            assertEquals(DOMAIN.parse(tasks.get(i).program()), DOMAIN.parse(read.get(i).program()));
            assertEquals("code_" + i, read.get(i).id());
        }
        String c = Files.readString(folder.resolve("code_0.c"));
        assertEquals(2, c.split("int \\* func_1\\(int a\\[\\]\\)", -1).length - 1, "the header twice");
        assertTrue(c.contains("int * func_1(int a[]);\n"), "a forward declaration first");
        assertTrue(c.matches("(?s).*int a4\\[5\\] = \\{[^}]*\\};\n.*"));
        for (String line : Files.readAllLines(folder.resolve("code_0.out"))) {
            assertTrue(line.matches("(-?\\d+ ){5}"), "five ints, each followed by a space: '" + line + "'");
        }
    }

    @Test
    void gccPrintsWhatTheOutFileSays(@TempDir Path folder) throws Exception {
        GccCrossCheck.gcc();
        var task = TaskGeneration.one(DOMAIN.generator(Map.of()), 9, 0).task();
        LaSynthLayout.write(new Task<>("t", DOMAIN.print(task.program()), task.examples()), 0, folder, DOMAIN);
        Process compile = new ProcessBuilder("gcc", "-o", "code_0", "code_0.c").directory(folder.toFile())
                .redirectErrorStream(true).start();
        String messages = new String(compile.getInputStream().readAllBytes());
        assertTrue(compile.waitFor(60, TimeUnit.SECONDS) && compile.exitValue() == 0, messages);
        Process run = new ProcessBuilder(folder.resolve("code_0").toString()).start();
        String printed = new String(run.getInputStream().readAllBytes());
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Files.readString(folder.resolve("code_0.out")), printed);
    }

    @Test
    void badSamplesAreNamed(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("code_0.c"), CSMITH_STYLE);
        InvalidTaskException missing = assertThrows(InvalidTaskException.class, () -> LaSynthLayout.read(folder));
        assertTrue(missing.getMessage().endsWith("code_0.out: missing (the outputs of code_0.c)"), missing.getMessage());
        Files.writeString(folder.resolve("code_0.out"), "1 2 3 4 5 \n");
        InvalidTaskException lines = assertThrows(InvalidTaskException.class, () -> LaSynthLayout.read(folder));
        assertTrue(lines.getMessage().endsWith("expected 5 lines (one per input array), found 1"), lines.getMessage());
        Files.writeString(folder.resolve("code_0.out"), "1 2 3 4 5 \n".repeat(4) + "1 2 x 4 5 \n");
        InvalidTaskException value = assertThrows(InvalidTaskException.class, () -> LaSynthLayout.read(folder));
        assertTrue(value.getMessage().endsWith("line 5: 'x' is not a 32-bit int"), value.getMessage());
        Files.writeString(folder.resolve("code_0.c"), CSMITH_STYLE.replace("int * func_1(int a[]);", ""));
        InvalidTaskException header = assertThrows(InvalidTaskException.class, () -> LaSynthLayout.read(folder));
        assertTrue(header.getMessage().contains("expected the header 'int * func_1(int a[])' twice"), header.getMessage());
        Task<CArray, CArray> three = new Task<>("three", figure5(1), List.of(
                new Example<>(CArray.of(0, 0, 0, 0, 0), CArray.of(1, 0, 0, 0, -1), false)));
        InvalidTaskException count = assertThrows(InvalidTaskException.class, () -> LaSynthLayout.write(three, 1, folder, DOMAIN));
        assertEquals("task three: the LaSynth layout holds 5 given examples, the task has 1", count.getMessage());
    }
}
