package lasso.domain.karel;

import java.util.Arrays;

/**
 * The data set's 16-channel 18×18 one-hot encoding of a grid (karel.md §2.2), flat index
 * {@code channel·324 + y·18 + x} with {@code y = row + 1}, {@code x = col + 1}: channels 0–3 the hero
 * facing N/E/S/W, 4 obstacles, 5 the border ring, 6–15 exactly 1..10 markers. NEAR/SED's 15-channel
 * layout is the same without channel 15 (the first {@link #NEAR_LENGTH} values).
 *
 * <p>For models: {@link #encode} writes the dense floats into a caller's array and {@link #indices} the
 * set indices into a caller's int array, neither allocating.
 */
public final class KarelTensor {

    public static final int CHANNELS = 16;
    public static final int SIDE = 18;
    public static final int PLANE = SIDE * SIDE;
    public static final int LENGTH = CHANNELS * PLANE;
    public static final int NEAR_LENGTH = 15 * PLANE;
    /** Most set indices a grid can have: the hero, 256 interior cells, a 68-cell border. */
    public static final int MAX_INDICES = 1 + 16 * 16 + 2 * 18 + 2 * 16;

    static final int OBSTACLE_CHANNEL = 4;
    static final int BORDER_CHANNEL = 5;

    private KarelTensor() {
    }

    public static int index(int channel, int y, int x) {
        return channel * PLANE + y * SIDE + x;
    }

    /**
     * Writes the set indices of {@code grid} into {@code out} from {@code offset}, in the order of the
     * data set's tensor strings (hero; markers, top row first; obstacles, top row first; border: bottom
     * row, top row, left column, right column) and returns how many were written.
     */
    public static int indices(KarelGrid grid, int[] out, int offset) {
        int rows = grid.rows();
        int cols = grid.cols();
        int stride = cols + 2;
        byte[] cells = grid.cells;
        int n = offset;
        out[n++] = index(grid.directionIndex(), grid.heroRow() + 1, grid.heroCol() + 1);
        for (int y = rows; y >= 1; y--) {
            for (int x = 1; x <= cols; x++) {
                int count = cells[y * stride + x];
                if (count > 0) {
                    out[n++] = index(5 + count, y, x);
                }
            }
        }
        for (int y = rows; y >= 1; y--) {
            for (int x = 1; x <= cols; x++) {
                if (cells[y * stride + x] == KarelGrid.WALL) {
                    out[n++] = index(OBSTACLE_CHANNEL, y, x);
                }
            }
        }
        for (int x = 0; x < stride; x++) {
            out[n++] = index(BORDER_CHANNEL, 0, x);
        }
        for (int x = 0; x < stride; x++) {
            out[n++] = index(BORDER_CHANNEL, rows + 1, x);
        }
        for (int y = 1; y <= rows; y++) {
            out[n++] = index(BORDER_CHANNEL, y, 0);
        }
        for (int y = 1; y <= rows; y++) {
            out[n++] = index(BORDER_CHANNEL, y, cols + 1);
        }
        return n - offset;
    }

    /** The set indices in data set order (allocates; see {@link #indices(KarelGrid, int[], int)}). */
    public static int[] indices(KarelGrid grid) {
        int[] out = new int[MAX_INDICES];
        return Arrays.copyOf(out, indices(grid, out, 0));
    }

    /** Writes the dense tensor ({@link #LENGTH} floats, ones and zeros) into {@code out} at {@code offset}. */
    public static void encode(KarelGrid grid, float[] out, int offset) {
        Arrays.fill(out, offset, offset + LENGTH, 0f);
        int rows = grid.rows();
        int cols = grid.cols();
        int stride = cols + 2;
        byte[] cells = grid.cells;
        for (int y = 0; y < rows + 2; y++) {
            for (int x = 0; x < stride; x++) {
                int value = cells[y * stride + x];
                if (value == KarelGrid.WALL) {
                    boolean border = y == 0 || y == rows + 1 || x == 0 || x == cols + 1;
                    out[offset + index(border ? BORDER_CHANNEL : OBSTACLE_CHANNEL, y, x)] = 1f;
                } else if (value > 0) {
                    out[offset + index(5 + value, y, x)] = 1f;
                }
            }
        }
        out[offset + index(grid.directionIndex(), grid.heroRow() + 1, grid.heroCol() + 1)] = 1f;
    }

    /** The data set's {@code *_tensor} string: {@code "index:1.0"} pairs separated by spaces. */
    public static String tensorString(KarelGrid grid) {
        int[] out = new int[MAX_INDICES];
        int n = indices(grid, out, 0);
        StringBuilder text = new StringBuilder(n * 9);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(out[i]).append(":1.0");
        }
        return text.toString();
    }

    /**
     * Rebuilds a grid from its set indices (any order), as GandRL's {@code fromPytorchTensor} does.
     *
     * @throws IllegalArgumentException naming what is inconsistent (no border, two heroes, …)
     */
    public static KarelGrid decode(int[] indices) {
        boolean[] set = new boolean[LENGTH];
        for (int index : indices) {
            if (index < 0 || index >= LENGTH) {
                throw new IllegalArgumentException("tensor index " + index + " is outside 0.." + (LENGTH - 1));
            }
            set[index] = true;
        }
        int rows = 0;
        while (rows < SIDE && set[index(BORDER_CHANNEL, rows, 0)]) {
            rows++;
        }
        int cols = 0;
        while (cols < SIDE && set[index(BORDER_CHANNEL, 0, cols)]) {
            cols++;
        }
        rows -= 2;
        cols -= 2;
        if (rows < KarelGrid.MIN_SIZE || cols < KarelGrid.MIN_SIZE) {
            throw new IllegalArgumentException("the border channel does not frame a grid of at least 2x2");
        }
        KarelGrid.Builder builder = KarelGrid.builder(rows, cols);
        int heroes = 0;
        for (int channel = 0; channel < 4; channel++) {
            for (int y = 1; y <= rows; y++) {
                for (int x = 1; x <= cols; x++) {
                    if (set[index(channel, y, x)]) {
                        heroes++;
                        builder.hero(y - 1, x - 1, Direction.of(channel));
                    }
                }
            }
        }
        if (heroes != 1) {
            throw new IllegalArgumentException("the tensor has " + heroes + " heroes, not 1");
        }
        for (int y = 1; y <= rows; y++) {
            for (int x = 1; x <= cols; x++) {
                if (set[index(OBSTACLE_CHANNEL, y, x)]) {
                    builder.obstacle(y - 1, x - 1);
                }
                for (int count = 1; count <= KarelGrid.MAX_MARKERS; count++) {
                    if (set[index(5 + count, y, x)]) {
                        if (builder.markers(y - 1, x - 1) > 0) {
                            throw new IllegalArgumentException("cell " + (y - 1) + ":" + (x - 1) + " has two marker counts");
                        }
                        builder.markers(y - 1, x - 1, count);
                    }
                }
            }
        }
        return builder.build();
    }

    /** Parses a {@code *_tensor} string into its indices. */
    public static int[] parseTensorString(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split("\\s+");
        int[] indices = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int colon = part.indexOf(':');
            try {
                indices[i] = Integer.parseInt(colon < 0 ? part : part.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not an index:value pair");
            }
        }
        return indices;
    }
}
