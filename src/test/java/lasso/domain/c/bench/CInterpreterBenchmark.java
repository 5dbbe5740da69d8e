package lasso.domain.c.bench;

import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import lasso.domain.TaskGenerator;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.domain.c.CProgram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Example executions per second of the restricted-C interpreter on one thread (target: one
 * million): 256 generated programs on their 10 inputs each, and the paper's Figure 5 program 3.
 * Run with {@code ./lasso jmh -f 1 -wi 3 -i 5 C}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CInterpreterBenchmark {

    private static final int PROGRAMS = 256;
    private static final int INPUTS = 10;

    private final CDomain domain = new CDomain();
    private final List<CProgram> programs = new ArrayList<>();
    private final List<CArray> inputs = new ArrayList<>();
    private CProgram figure5;
    private CArray figure5Input;

    @Setup
    public void setUp() throws ProgramSyntaxException {
        TaskGenerator<CProgram, CArray, CArray> generator = domain.generator(Map.of());
        for (int i = 0; i < PROGRAMS; i++) {
            TaskGenerator.Generated<CProgram, CArray, CArray> task = TaskGeneration.one(generator, 1, i).task();
            programs.add(task.program());
            inputs.addAll(task.examples().stream().map(Example::input).toList());
        }
        figure5 = domain.parse("""
                int * func_1(int a[])
                {
                    int p_0 = 0;
                    int l_7 = 3;
                    int l_8 = 1;
                    a[l_8] = (a[l_7] - a[p_0]);
                    for (p_0 = 3; p_0 <= 4; p_0++)
                    {
                        for (int p_1 = 1; p_1 <= 2; p_1++)
                        {
                            a[p_1] = a[p_1] + a[p_0];
                            a[p_1] = a[p_1] + 2;
                        }
                    }
                    return a;
                }""");
        figure5Input = CArray.of(1, -3, 0, 2, 4);
    }

    /** One operation is one program run on one input. */
    @Benchmark
    @OperationsPerInvocation(PROGRAMS * INPUTS)
    public int generatedPrograms() {
        int sum = 0;
        for (int p = 0; p < PROGRAMS; p++) {
            CProgram program = programs.get(p);
            for (int i = 0; i < INPUTS; i++) {
                sum += domain.run(program, inputs.get(p * INPUTS + i)).hashCode();
            }
        }
        return sum;
    }

    /** 31 steps: two nested loops. */
    @Benchmark
    public Outcome<CArray> figure5Program3() {
        return domain.run(figure5, figure5Input);
    }
}
