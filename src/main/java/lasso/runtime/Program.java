package lasso.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import lasso.search.Seeds;
import lasso.search.SeenPrograms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A program as it travels between workers: its canonical tokens, which are what crosses nodes, and,
 * inside one JVM, the parsed program they stand for, so that an executor next to the synthesizer
 * that made it need not parse it again. Two programs are equal when their tokens are.
 */
public final class Program {

    /** Distinct tokens shared by the frontiers' programs: the domains' vocabularies and constants, with room. */
    private static final int MAX_SHARED_TOKENS = 1 << 16;
    private static final Map<String, String> SHARED_TOKENS = new ConcurrentHashMap<>();

    private final List<String> tokens;
    /** Not serialized: a program from another node arrives without it and is parsed there. */
    private final transient Object parsed;

    private Program(List<String> tokens, Object parsed) {
        this.tokens = List.copyOf(tokens);
        this.parsed = parsed;
    }

    /** A program known only by its tokens. */
    @JsonCreator
    public static Program of(@JsonProperty("tokens") List<String> tokens) {
        return new Program(tokens, null);
    }

    /** A program with the parsed form its domain made of it ({@code domain.tokens(parsed)} gives the tokens). */
    public static Program parsed(List<String> tokens, Object parsed) {
        return new Program(tokens, parsed);
    }

    @JsonProperty("tokens")
    public List<String> tokens() {
        return tokens;
    }

    /** The parsed program, or null when it arrived from another node. */
    Object parsedOrNull() {
        return parsed;
    }

    /**
     * The program as a frontier shard keeps it once it is evaluated: without its parsed form (an
     * expansion parses it again, a few a round; the parsed form held 600 to 900 bytes a Karel program,
     * several KB a C program), its tokens the node's shared strings (a C program's tokens arrive as
     * strings of their own, about 600 bytes a program).
     */
    Program withoutParsed() {
        List<String> shared = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            shared.add(sharedToken(token));
        }
        return new Program(shared, null);
    }

    /** The node's copy of a token; tokens beyond {@link #MAX_SHARED_TOKENS} distinct ones stay as they are. */
    static String sharedToken(String token) {
        String known = SHARED_TOKENS.get(token);
        if (known != null) {
            return known;
        }
        if (SHARED_TOKENS.size() >= MAX_SHARED_TOKENS) {
            return token;
        }
        known = SHARED_TOKENS.putIfAbsent(token, token);
        return known != null ? known : token;
    }

    /** The 64-bit fingerprint of the tokens, the same on every JVM, for the frontier shards' seen sets. */
    static long fingerprint(Program program) {
        return SeenPrograms.fingerprint(program.tokens);
    }

    /**
     * Which frontier shard owns the program: a hash of its tokens that every JVM computes alike
     * ({@code String.hashCode} is specified), mixed so that similar programs spread.
     */
    static int shardHash(Program program) {
        return (int) Seeds.mix(program.tokens.hashCode(), 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Program program && tokens.equals(program.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", tokens);
    }
}
