package lasso.search.edit;

import java.util.Arrays;

/**
 * Edit scripts between token sequences (models.md C.5): a minimal Levenshtein script (unit costs for
 * insert, delete and replace) as KEEP/DELETE/INSERT/REPLACE ops, and the application of an op sequence
 * to a source. The backtrace is deterministic: from the end, a diagonal step (keep or replace) is
 * preferred, then a deletion, then an insertion, so equal inputs always give the same supervision.
 */
public final class EditScript {

    private EditScript() {
    }

    /** The ops (no {@code <s>}, no {@code </s>}) of a minimal script turning {@code source} into {@code target}. */
    public static int[] extract(int[] source, int[] target) {
        int n = source.length;
        int m = target.length;
        int[][] distance = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            distance[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            distance[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int diagonal = distance[i - 1][j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1);
                distance[i][j] = Math.min(diagonal, Math.min(distance[i - 1][j], distance[i][j - 1]) + 1);
            }
        }
        int[] reversed = new int[n + m];
        int count = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0
                    && distance[i][j] == distance[i - 1][j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1)) {
                reversed[count++] = source[i - 1] == target[j - 1] ? EditOps.KEEP : EditOps.replace(target[j - 1]);
                i--;
                j--;
            } else if (i > 0 && distance[i][j] == distance[i - 1][j] + 1) {
                reversed[count++] = EditOps.DELETE;
                i--;
            } else {
                reversed[count++] = EditOps.insert(target[j - 1]);
                j--;
            }
        }
        int[] ops = new int[count];
        for (int k = 0; k < count; k++) {
            ops[k] = reversed[count - 1 - k];
        }
        return ops;
    }

    /** The supervised op sequence: {@code <s>}, the minimal script, {@code </s>}. */
    public static int[] supervision(int[] source, int[] target) {
        int[] ops = extract(source, target);
        int[] framed = new int[ops.length + 2];
        framed[0] = EditOps.START;
        System.arraycopy(ops, 0, framed, 1, ops.length);
        framed[framed.length - 1] = EditOps.END;
        return framed;
    }

    /**
     * Applies ops to {@code source}. {@code <s>} is skipped; {@code </s>} ends the edit and drops the
     * source tokens not yet read (C.4: decoding may end early); without one, the ops must read the whole
     * source, as a training script does.
     *
     * @throws IllegalArgumentException when an op reads past the source's end, or ops end before the
     *                                  source without {@code </s>}
     */
    public static int[] apply(int[] ops, int[] source) {
        int[] out = new int[source.length + ops.length];
        int written = 0;
        int pointer = 0;
        boolean ended = false;
        for (int op : ops) {
            if (op == EditOps.START) {
                continue;
            }
            if (op == EditOps.END) {
                ended = true;
                break;
            }
            if (EditOps.isInsert(op)) {
                out[written++] = EditOps.token(op);
                continue;
            }
            if (pointer >= source.length) {
                throw new IllegalArgumentException("op " + op + " reads past the source's " + source.length + " tokens");
            }
            if (op == EditOps.KEEP) {
                out[written++] = source[pointer];
            } else if (EditOps.isReplace(op)) {
                out[written++] = EditOps.token(op);
            }
            pointer++;
        }
        if (!ended && pointer < source.length) {
            throw new IllegalArgumentException("the ops read " + pointer + " of the source's " + source.length
                    + " tokens and do not end it");
        }
        return Arrays.copyOf(out, written);
    }
}
