package lasso.search.edit;

/**
 * Where an edit decoder stands in its source (models.md C.4): the pointer, which starts at 0 and
 * moves on after KEEP, DELETE and REPLACE (not after {@code <s>}, {@code </s>} or INSERT), and the last
 * token fed back to the decoder: the kept source token after KEEP, {@link #unknownToken} after DELETE,
 * the written token after INSERT and REPLACE, {@link #startToken} after {@code <s>}. Tokens are ids of a
 * vocabulary of V tokens; the two markers are V and V + 1.
 */
public final class EditCursor {

    private final int[] source;
    private final int vocabulary;
    private int pointer;
    private int last;

    public EditCursor(int[] source, int vocabulary) {
        this.source = source;
        this.vocabulary = vocabulary;
        this.last = startToken(vocabulary);
    }

    private EditCursor(EditCursor other) {
        this.source = other.source;
        this.vocabulary = other.vocabulary;
        this.pointer = other.pointer;
        this.last = other.last;
    }

    /** The last-token marker after {@code <s>}. */
    public static int startToken(int vocabulary) {
        return vocabulary;
    }

    /** The last-token marker after DELETE. */
    public static int unknownToken(int vocabulary) {
        return vocabulary + 1;
    }

    /** The source position the decoder reads next; the source's length once it is all read. */
    public int pointer() {
        return pointer;
    }

    public int lastToken() {
        return last;
    }

    /** Whether the pointer is past the last source token (on the appended end marker). */
    public boolean exhausted() {
        return pointer >= source.length;
    }

    /** The source token under the pointer. @throws IllegalStateException when exhausted */
    public int current() {
        if (exhausted()) {
            throw new IllegalStateException("the source is exhausted");
        }
        return source[pointer];
    }

    /** Moves past {@code op}. @throws IllegalArgumentException when op reads past the source */
    public void advance(int op) {
        if (op == EditOps.START) {
            last = startToken(vocabulary);
            return;
        }
        if (op == EditOps.END) {
            return;
        }
        if (EditOps.isInsert(op)) {
            last = EditOps.token(op);
            return;
        }
        if (exhausted()) {
            throw new IllegalArgumentException("op " + op + " reads past the source's " + source.length + " tokens");
        }
        last = op == EditOps.KEEP ? source[pointer] : op == EditOps.DELETE ? unknownToken(vocabulary) : EditOps.token(op);
        pointer++;
    }

    public EditCursor copy() {
        return new EditCursor(this);
    }

    /**
     * The decoder's inputs and targets for a supervised op sequence {@code <s>, op_1, …, </s>}: at step
     * j (0-based), the op fed (op_j), the pointer and last token after it, and the target op_{j+1}.
     */
    public record Steps(int[] fed, int[] pointers, int[] lastTokens, int[] targets) {

        public int length() {
            return targets.length;
        }
    }

    public static Steps teacherForcing(int[] source, int[] ops, int vocabulary) {
        if (ops.length < 2 || ops[0] != EditOps.START || ops[ops.length - 1] != EditOps.END) {
            throw new IllegalArgumentException("a supervised op sequence starts with <s> and ends with </s>");
        }
        int steps = ops.length - 1;
        int[] fed = new int[steps];
        int[] pointers = new int[steps];
        int[] lasts = new int[steps];
        int[] targets = new int[steps];
        EditCursor cursor = new EditCursor(source, vocabulary);
        for (int j = 0; j < steps; j++) {
            cursor.advance(ops[j]);
            fed[j] = ops[j];
            pointers[j] = cursor.pointer();
            lasts[j] = cursor.lastToken();
            targets[j] = ops[j + 1];
        }
        return new Steps(fed, pointers, lasts, targets);
    }
}
