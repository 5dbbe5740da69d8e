package lasso.domain;

/** An inclusive range of token indices in a program's token sequence. */
public record TokenSpan(int first, int last) {

    public TokenSpan {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad token span " + first + ".." + last);
        }
    }

    public int length() {
        return last - first + 1;
    }

    public boolean covers(int index) {
        return index >= first && index <= last;
    }
}
