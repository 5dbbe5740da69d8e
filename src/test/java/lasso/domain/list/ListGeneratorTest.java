package lasso.domain.list;

import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator.Generated;
import lasso.domain.ProgramSyntaxException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListGeneratorTest {

    private final ListDomain domain = new ListDomain();

    @Test
    void generatedTasksAreValidAndUseEveryVariable() {
        var generator = domain.generator(Map.of("length", "3"));
        for (int i = 0; i < 300; i++) {
            var task = TaskGeneration.one(generator, 11, i).task();
            assertEquals(3, task.program().length());
            assertTrue(task.program().usesEveryVariable(), task.program().toString());
            assertEquals(5, task.examples().size());
            for (Example<ListInput, Value> example : task.examples()) {
                assertTrue(example.input().values().stream().allMatch(Value::inRange));
                assertEquals(Outcome.ok(example.output()), domain.run(task.program(), example.input()));
            }
        }
    }

    @Test
    void generationIsDeterministicPerSeedWhateverTheThreads() {
        var generator = domain.generator(Map.of());
        List<String> one = new ArrayList<>();
        List<String> two = new ArrayList<>();
        TaskGeneration.generate(generator, 64, 5, 1, n -> one.add(n.task().program() + " " + n.task().examples()));
        TaskGeneration.generate(generator, 64, 5, 2, n -> two.add(n.task().program() + " " + n.task().examples()));
        assertEquals(one, two);
        List<String> other = new ArrayList<>();
        TaskGeneration.generate(generator, 64, 6, 1, n -> other.add(n.task().program() + " " + n.task().examples()));
        assertFalse(one.equals(other));
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> domain.generator(Map.of("depth", "3")))
                .getMessage().contains("unknown list generator option 'depth'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> domain.generator(Map.of("length", "x")))
                .getMessage().contains("length must be an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> domain.generator(Map.of("max-list-length", "99")))
                .getMessage().contains("list lengths"));
    }

    @Test
    void constraintPropagationGivesInputsTheProgramAccepts() throws ProgramSyntaxException {
        // Programs that reject most random inputs: squares, products, scans, sums of long lists.
        String[] programs = {"LIST|MAP,**2,0|MAP,**2,1", "LIST|MAP,*4,0|MAP,*4,1|MAP,*3,2", "LIST|SCAN1L,*,0",
                "LIST|LIST|ZIPWITH,*,0,1|SUM,2", "LIST|SCAN1L,+,0|MAP,*2,1", "LIST|MAP,*-1,0|MAP,-1,1|MAP,**2,2",
                "LIST|INT|TAKE,1,0|SCAN1L,-,2|SUM,3"};
        SplittableRandom random = new SplittableRandom(3);
        ExampleSampler sampler = new ExampleSampler(1, 20);
        for (String text : programs) {
            ListProgram program = domain.parse(text);
            int[] lo = new int[program.variables()];
            int[] hi = new int[program.variables()];
            assertTrue(ConstraintPropagation.bounds(program, 20, lo, hi), text);
            var examples = sampler.sample(program, 5, random);
            assertTrue(examples.isPresent(), text);
            for (Example<ListInput, Value> example : examples.get()) {
                assertTrue(domain.run(program, example.input()).isOk());
            }
        }
        ListProgram squares = domain.parse("LIST|MAP,**2,0|MAP,**2,1");
        int[] lo = new int[3];
        int[] hi = new int[3];
        ConstraintPropagation.bounds(squares, 20, lo, hi);
        assertEquals(-3, lo[0]); // x^4 <= 255 means |x| <= 3
        assertEquals(3, hi[0]);
    }

    @Test
    void enumerationPrunesUnusedVariablesAndEquivalentPrograms() {
        ListDatasetBuilder builder = new ListDatasetBuilder(1, 5, new ExampleSampler(1, 20));
        long[] counts = new long[2];
        List<ListProgram> programs = builder.distinctPrograms(1, counts);
        Set<String> texts = new HashSet<>();
        for (ListProgram program : programs) {
            assertTrue(program.usesEveryVariable());
            texts.add(program.toString());
        }
        assertEquals(programs.size(), texts.size());
        // MAP(*2) and ZIPWITH(+) of a list with itself are the same function: only one survives.
        assertTrue(texts.contains("LIST|MAP,*2,0") != texts.contains("LIST|ZIPWITH,+,0,0"));
        assertTrue(counts[0] > counts[1] && counts[1] > 30, counts[0] + " enumerated, " + counts[1] + " kept");
    }

    @Test
    void trainingTasksNeverReproduceATestTask() {
        ListDatasetBuilder.Dataset dataset = new ListDatasetBuilder(2, 5, new ExampleSampler(1, 20))
                .build(400, 40, 9, line -> { });
        assertEquals(40, dataset.test().size());
        assertTrue(dataset.train().size() > 300);
        Set<ListProgram> test = new HashSet<>();
        for (Generated<ListProgram, ListInput, Value> task : dataset.test()) {
            test.add(task.program());
        }
        for (Generated<ListProgram, ListInput, Value> task : dataset.train()) {
            assertFalse(test.contains(task.program()));
            assertFalse(ListDatasetBuilder.reproducesATestTask(task.program(), dataset.test()), task.program().toString());
        }
        // ...and the check does catch a program that reproduces one.
        assertTrue(ListDatasetBuilder.reproducesATestTask(dataset.test().get(0).program(), dataset.test()));
    }
}
