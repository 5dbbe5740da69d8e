package lasso.search;

import org.agrona.collections.LongHashSet;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The programs a shard has seen, so that none is evaluated twice: the programs themselves, or only
 * a 64-bit fingerprint of each in a primitive set (8 to 25 bytes a program instead of the program and
 * a hash-map node). Two distinct programs with the same fingerprint make the second one taken for seen
 * and never evaluated (a candidate missed, never a wrong answer); for a fingerprint that behaves like a
 * random number the odds that any two of {@code n} programs collide are about n² / 2⁶⁵ (3·10⁻⁸ for a
 * million programs, 3·10⁻⁴ for a hundred million).
 */
public interface SeenPrograms<P> {

    /** Records {@code program}; whether it is new. */
    boolean add(P program);

    int size();

    /** The programs themselves, compared with {@code equals}. */
    static <P> SeenPrograms<P> exact() {
        Set<P> seen = new HashSet<>();
        return new SeenPrograms<>() {
            @Override
            public boolean add(P program) {
                return seen.add(program);
            }

            @Override
            public int size() {
                return seen.size();
            }
        };
    }

    /**
     * A 64-bit fingerprint of a program's canonical tokens, the same on every JVM: FNV-1a over each
     * token's length and characters, folded token by token through a SplitMix64 finaliser so that it
     * behaves like a random number (a 32-bit {@code hashCode} would make collisions likely within a
     * hundred thousand programs).
     */
    static long fingerprint(List<String> tokens) {
        long fingerprint = 0;
        for (String token : tokens) {
            long h = 0xCBF29CE484222325L ^ token.length();
            for (int i = 0; i < token.length(); i++) {
                h = (h ^ token.charAt(i)) * 0x100000001B3L;
            }
            fingerprint = Seeds.mix(fingerprint, h);
        }
        return fingerprint;
    }

    /** Only each program's {@code fingerprint}. */
    static <P> SeenPrograms<P> fingerprints(ToLongFunction<P> fingerprint) {
        LongHashSet seen = new LongHashSet();
        return new SeenPrograms<>() {
            @Override
            public boolean add(P program) {
                return seen.add(fingerprint.applyAsLong(program));
            }

            @Override
            public int size() {
                return seen.size();
            }
        };
    }
}
