package lasso.domain.list;

import lasso.domain.ProgramSyntaxException;
import lasso.domain.TaskGeneration;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListMutatorTest {

    private final ListDomain domain = new ListDomain();

    @Test
    void everyMutantTypeChecksParsesAndDiffers() throws ProgramSyntaxException {
        ListMutator mutator = new ListMutator();
        SplittableRandom random = new SplittableRandom(1);
        var generator = domain.generator(Map.of("length", "3"));
        Map<String, Integer> applied = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            ListProgram program = TaskGeneration.one(generator, 3, i).task().program();
            for (String name : mutator.operators()) {
                Optional<ListProgram> mutant = mutator.apply(name, program, random);
                if (mutant.isPresent()) {
                    applied.merge(name, 1, Integer::sum);
                    assertEquals(mutant.get(), domain.parse(domain.print(mutant.get())));
                    if (!name.equals("delete-statement")) {
                        assertNotEquals(program, mutant.get(), name);
                    }
                    int delta = mutant.get().length() - program.length();
                    assertEquals(name.equals("insert-statement") ? 1 : name.equals("delete-statement") ? -1 : 0, delta, name);
                }
            }
            Optional<ListProgram> chained = mutator.mutateChain(program, random);
            chained.ifPresent(p -> assertNotEquals(program, p));
        }
        assertEquals(mutator.operators().size(), applied.size(), "every mutation applied somewhere: " + applied);
    }

    @Test
    void replacingALambdaKeepsTheFunction() throws ProgramSyntaxException {
        ListProgram program = domain.parse("LIST|MAP,+1,0");
        ListProgram mutant = new ListMutator().apply("replace-lambda", program, new SplittableRandom(2)).orElseThrow();
        assertEquals(Attribute.MAP, mutant.statements().get(0).operator().function());
        assertNotEquals(Attribute.INC, mutant.statements().get(0).operator().lambda());
        assertTrue(new ListMutator().apply("delete-statement", program, new SplittableRandom(2)).isEmpty());
    }
}
