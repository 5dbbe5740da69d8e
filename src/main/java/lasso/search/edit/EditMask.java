package lasso.search.edit;

import lasso.domain.SyntaxMask;

/**
 * The inference masks of models.md C.4 as a {@link SyntaxMask} over op ids, so that the synthesizers'
 * beam search decodes edits too: {@code <s>} never; with the source exhausted only {@code </s>} and
 * INSERT; nothing after {@code </s>}, which completes the sequence. {@code </s>} is allowed before the
 * source is exhausted (the unread tail is dropped, as SED's decoding allows). A REPLACE by the token
 * under the pointer is masked (it is a KEEP).
 *
 * <p>With a {@code grammar} (the domain's mask over the written program), an op may only write a token
 * the grammar allows (KEEP writes the source token), and {@code </s>} needs a whole program, so every
 * finished edit gives a program that parses. SED has no such mask; it drops the edits that do not parse.
 */
public final class EditMask implements SyntaxMask {

    private final int[] source;
    private final int ops;
    private final EditCursor cursor;
    private final SyntaxMask grammar;
    private int length;
    private boolean ended;

    /** @param grammar the written program's grammar, in its initial state, or null for C.4's masks alone */
    public EditMask(int[] source, int vocabulary, SyntaxMask grammar) {
        this(source, EditOps.count(vocabulary), new EditCursor(source, vocabulary), grammar, 0, false);
    }

    private EditMask(int[] source, int ops, EditCursor cursor, SyntaxMask grammar, int length, boolean ended) {
        this.source = source;
        this.ops = ops;
        this.cursor = cursor;
        this.grammar = grammar;
        this.length = length;
        this.ended = ended;
    }

    @Override
    public boolean allows(int op) {
        if (ended || op <= EditOps.START || op >= ops) {
            return false;
        }
        if (op == EditOps.END) {
            return grammar == null || grammar.complete();
        }
        if (EditOps.isInsert(op)) {
            return writable(EditOps.token(op));
        }
        if (cursor.exhausted()) {
            return false;
        }
        if (op == EditOps.DELETE) {
            return true;
        }
        if (op == EditOps.KEEP) {
            return writable(source[cursor.pointer()]);
        }
        int token = EditOps.token(op);
        return token != source[cursor.pointer()] && writable(token);
    }

    private boolean writable(int token) {
        return grammar == null || grammar.allows(token);
    }

    @Override
    public void accept(int op) {
        if (!allows(op)) {
            throw new IllegalArgumentException("op " + op + " is not allowed here");
        }
        if (grammar != null) {
            if (op == EditOps.KEEP) {
                grammar.accept(source[cursor.pointer()]);
            } else if (op >= 4) {
                grammar.accept(EditOps.token(op));
            }
        }
        cursor.advance(op);
        ended = op == EditOps.END;
        length++;
    }

    @Override
    public boolean complete() {
        return ended;
    }

    @Override
    public boolean completedBy(int op) {
        return op == EditOps.END;
    }

    @Override
    public int length() {
        return length;
    }

    /** The cursor after the ops accepted so far. */
    public EditCursor cursor() {
        return cursor.copy();
    }

    @Override
    public EditMask copy() {
        return new EditMask(source, ops, cursor.copy(), grammar == null ? null : grammar.copy(), length, ended);
    }
}
