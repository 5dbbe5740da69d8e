package lasso.domain.karel;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random worlds shaped like the data set's (karel.md §5.1): rows and cols uniform in the allowed
 * range, an obstacle probability per world uniform in [0, 0.25) and a marker probability in [0, 0.3),
 * a marked cell holding 1 marker with probability 0.6 and else 2..9, and the hero on a uniformly
 * chosen free cell facing a uniform direction.
 */
public final class KarelGridSampler {

    private final int minRows;
    private final int maxRows;
    private final int minCols;
    private final int maxCols;

    public KarelGridSampler(int minRows, int maxRows, int minCols, int maxCols) {
        if (minRows < KarelGrid.MIN_SIZE || maxRows > KarelGrid.MAX_SIZE || minRows > maxRows
                || minCols < KarelGrid.MIN_SIZE || maxCols > KarelGrid.MAX_SIZE || minCols > maxCols) {
            throw new IllegalArgumentException("bad world size range " + minRows + ".." + maxRows + " x "
                    + minCols + ".." + maxCols);
        }
        this.minRows = minRows;
        this.maxRows = maxRows;
        this.minCols = minCols;
        this.maxCols = maxCols;
    }

    /** Worlds of any size the data set has (2..16 on each side). */
    public static KarelGridSampler datasetLike() {
        return new KarelGridSampler(KarelGrid.MIN_SIZE, KarelGrid.MAX_SIZE, KarelGrid.MIN_SIZE, KarelGrid.MAX_SIZE);
    }

    /**
     * Up to {@code count} different worlds on which the program runs to the end (no crash, no
     * timeout), drawn by rejection with at most {@code maxTries} draws in all: the "dataset-like,
     * crash-free" inputs of benchmarks.
     */
    public List<KarelGrid> sampleRunnable(KarelProgram program, KarelMachine machine, int count, int maxTries,
                                          RandomGenerator random) {
        List<KarelGrid> inputs = new ArrayList<>(count);
        for (int tries = 0; tries < maxTries && inputs.size() < count; tries++) {
            KarelGrid input = sample(random);
            if (machine.run(program, input) == KarelMachine.OK && !inputs.contains(input)) {
                inputs.add(input);
            }
        }
        return inputs;
    }

    public KarelGrid sample(RandomGenerator random) {
        int rows = minRows + random.nextInt(maxRows - minRows + 1);
        int cols = minCols + random.nextInt(maxCols - minCols + 1);
        double obstacles = random.nextDouble() * 0.25;
        double markers = random.nextDouble() * 0.3;
        int stride = cols + 2;
        byte[] cells = new byte[(rows + 2) * stride];
        java.util.Arrays.fill(cells, KarelGrid.WALL);
        int free = 0;
        for (int row = 1; row <= rows; row++) {
            for (int col = 1; col <= cols; col++) {
                int index = row * stride + col;
                if (random.nextDouble() < obstacles) {
                    continue;
                }
                free++;
                cells[index] = random.nextDouble() < markers
                        ? (byte) (random.nextDouble() < 0.6 ? 1 : 2 + random.nextInt(8))
                        : 0;
            }
        }
        if (free == 0) {
            int index = (1 + random.nextInt(rows)) * stride + 1 + random.nextInt(cols);
            cells[index] = 0;
            free = 1;
        }
        int pick = random.nextInt(free);
        int hero = -1;
        for (int index = stride; hero < 0; index++) {
            if (cells[index] >= 0 && pick-- == 0) {
                hero = index;
            }
        }
        return new KarelGrid(rows, cols, hero, random.nextInt(4), cells);
    }
}
