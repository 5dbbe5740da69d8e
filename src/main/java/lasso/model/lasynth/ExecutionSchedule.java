package lasso.model.lasynth;

import lasso.domain.Vocabulary;
import lasso.domain.c.CDomain;
import lasso.domain.c.CStatementEnds;
import lasso.model.synthesis.SynthesizerConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When LaSynth's latent executor runs while a program is read token by token, the same in training
 * (teacher forcing) and in step-by-step decoding. Position t of a decoding is the step that reads
 * token t − 1 (the start token at 0) and predicts token t; the decoder's state after position t
 * depends on the tokens alone, never on Î.
 *
 * <ul>
 *   <li>Every {@code execPeriod} positions (the paper's partial execution): after position
 *       s − 1 with s a multiple of the period below the program's length, from that position's
 *       state; positions from s on read the new Î.</li>
 *   <li>With statement execution, at each statement end but a declaration's (which changes no list
 *       value): after position j + 1 has read token j, a {@code ;} outside parentheses or a closing
 *       block, from that state; position j + 1 itself already reads the new Î, so the next token is
 *       chosen knowing what the statement did.</li>
 *   <li>At the program's end (position length − 1 has read the last {@code ;}): the execution L_exec
 *       compares with the output. With statement execution it is the last statement end.</li>
 * </ul>
 */
final class ExecutionSchedule {

    private static final Vocabulary VOCABULARY = new CDomain().vocabulary();

    private ExecutionSchedule() {
    }

    /**
     * One run of the executor.
     *
     * @param position the decoder position whose state the executor starts from; the program's
     *                 first {@code position} tokens have been read
     * @param first    the first position whose logits read the Î it makes
     */
    record Update(int position, int first) {
    }

    /** The executor's runs over a program of these token ids, in order; the last one is L_exec's. */
    static List<Update> of(SynthesizerConfig config, int[] program) {
        int length = program.length;
        List<Update> updates = new ArrayList<>();
        if (config.statementExecution()) {
            CStatementEnds.Reader reader = new CStatementEnds.Reader();
            for (int j = 0; j + 1 < length; j++) {
                if (reader.read(VOCABULARY.token(program[j])) && !reader.declaration()) {
                    updates.add(new Update(j + 1, j + 1));
                }
            }
        }
        if (config.partialExecutor()) {
            for (int s = config.execPeriod(); s < length; s += config.execPeriod()) {
                updates.add(new Update(s - 1, s));
            }
        }
        updates.sort(Comparator.comparingInt(Update::first).thenComparingInt(Update::position));
        if (updates.isEmpty() || updates.get(updates.size() - 1).position() != length - 1) {
            updates.add(new Update(length - 1, length));
        }
        return updates;
    }

    /** Whether a token ends a statement other than a declaration, for a reader fed the decoded token ids one by one. */
    static boolean read(CStatementEnds.Reader reader, int token) {
        return token < VOCABULARY.size() && reader.read(VOCABULARY.token(token)) && !reader.declaration();
    }

    /** The program's tokens as text. */
    static List<String> tokens(int[] program) {
        List<String> tokens = new ArrayList<>(program.length);
        for (int id : program) {
            tokens.add(VOCABULARY.token(id));
        }
        return tokens;
    }
}
