package lasso.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fixed, ordered set of tokens; a token's index is its id. */
public final class Vocabulary {

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    public Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) {
            if (ids.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: " + this.tokens.get(i));
            }
        }
    }

    public int size() {
        return tokens.size();
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** The token's id, or -1 if it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** The ids of a token sequence (-1 for a token not in the vocabulary). */
    public int[] ids(List<String> sequence) {
        int[] result = new int[sequence.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = id(sequence.get(i));
        }
        return result;
    }

    /** The tokens of an id sequence. */
    public List<String> tokens(int[] sequence) {
        List<String> result = new ArrayList<>(sequence.length);
        for (int id : sequence) {
            result.add(token(id));
        }
        return result;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public List<String> tokens() {
        return tokens;
    }

    @Override
    public String toString() {
        return "Vocabulary" + tokens;
    }
}
