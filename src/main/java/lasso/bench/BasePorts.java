package lasso.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * The base port the cluster bench (and the multi-node tests) derive their nodes' and H2's ports from.
 * The machine is shared, so another process may hold one of them: then they draw another base and
 * start again, a few times. Nodes report the port they could not bind themselves, so there is no probe
 * that races them.
 */
public final class BasePorts {

    public static final int TRIES = 5;

    /** Something started on ports derived from a base: it throws {@link PortTakenException} when one is held. */
    public interface Use<T> {
        T at(int base) throws Exception;
    }

    private final IntSupplier draws;
    private int base;

    public BasePorts(IntSupplier draws) {
        this.draws = draws;
        this.base = draws.getAsInt();
    }

    /** Blocks of 150 ports from 20,000, drawn at random. */
    public static IntSupplier random() {
        Random random = new Random();
        return () -> 20_000 + random.nextInt(200) * 150;
    }

    /** Runs {@code use} at the current base, moving to a fresh one while a port it needs is taken. */
    public <T> T use(String what, Use<T> use) throws Exception {
        List<Integer> taken = new ArrayList<>();
        while (true) {
            try {
                return use.at(base);
            } catch (PortTakenException e) {
                taken.add(e.port());
                if (taken.size() == TRIES) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "%s: another process held a port of "
                            + "each of the %d base ports tried (ports %s)", what, TRIES, taken), e);
                }
                base = draws.getAsInt();
                System.err.printf(Locale.ROOT, "%s: port %d is taken by another process; trying again from base port %d "
                        + "(try %d of %d)%n", what, e.port(), base, taken.size() + 1, TRIES);
            }
        }
    }
}
