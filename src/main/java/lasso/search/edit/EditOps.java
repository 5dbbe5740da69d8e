package lasso.search.edit;

import lasso.domain.Vocabulary;

/**
 * SED's edit operations (models.md C.4) over a vocabulary of V tokens, as ids: 0 {@code <s>}, 1
 * {@code </s>}, 2 KEEP, 3 DELETE, {@code 4 + 2t} INSERT t, {@code 5 + 2t} REPLACE with t; 4 + 2V in all.
 * KEEP copies the token under the pointer, DELETE drops it, REPLACE t writes t in its place (all three
 * move the pointer on), INSERT t writes t before it (the pointer stays).
 */
public final class EditOps {

    public static final int START = 0;
    public static final int END = 1;
    public static final int KEEP = 2;
    public static final int DELETE = 3;

    private EditOps() {
    }

    /** How many ops there are over {@code vocabulary} tokens. */
    public static int count(int vocabulary) {
        return 4 + 2 * vocabulary;
    }

    public static int insert(int token) {
        return 4 + 2 * token;
    }

    public static int replace(int token) {
        return 5 + 2 * token;
    }

    public static boolean isInsert(int op) {
        return op >= 4 && op % 2 == 0;
    }

    public static boolean isReplace(int op) {
        return op >= 5 && op % 2 == 1;
    }

    /** The token an INSERT or REPLACE writes. */
    public static int token(int op) {
        if (op < 4) {
            throw new IllegalArgumentException("op " + op + " writes no token");
        }
        return (op - 4) / 2;
    }

    /** Whether the op moves the pointer to the next source token (KEEP, DELETE, REPLACE). */
    public static boolean advances(int op) {
        return op == KEEP || op == DELETE || isReplace(op);
    }

    /** The op as text: {@code KEEP}, {@code INSERT move}, … */
    public static String describe(int op, Vocabulary vocabulary) {
        return switch (op) {
            case START -> "<s>";
            case END -> "</s>";
            case KEEP -> "KEEP";
            case DELETE -> "DELETE";
            default -> (isInsert(op) ? "INSERT " : "REPLACE ") + vocabulary.token(token(op));
        };
    }
}
