package lasso.domain.karel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Karel world (karel.md §2): {@code rows × cols} cells (2..16 each, row 0 at the bottom), interior
 * obstacles, 0..10 markers per free cell, and the hero at a free cell with a heading. An immutable
 * value; equal grids have equal tensors.
 *
 * <p>Cells are stored with their one-cell border ring, row by row from the bottom, as bytes: a
 * marker count, or {@link #WALL} for the border and obstacles. {@link KarelMachine} loads this array
 * with one copy and moves the hero by adding a per-direction offset.
 */
public final class KarelGrid {

    public static final int MIN_SIZE = 2;
    public static final int MAX_SIZE = 16;
    public static final int MAX_MARKERS = 10;
    static final byte WALL = -1;

    private final int rows;
    private final int cols;
    /** Index of the hero's cell in {@link #cells}. */
    private final int hero;
    private final int direction;
    final byte[] cells;
    /** Computed on first use (0: not yet), as String does: grids made in hot loops are rarely hashed. */
    private int hash;

    /** Trusted constructor: {@code cells} is owned by the new grid and already valid. */
    KarelGrid(int rows, int cols, int hero, int direction, byte[] cells) {
        this.rows = rows;
        this.cols = cols;
        this.hero = hero;
        this.direction = direction;
        this.cells = cells;
    }

    public static Builder builder(int rows, int cols) {
        return new Builder(rows, cols);
    }

    /** A builder that starts from this grid. */
    public Builder toBuilder() {
        Builder builder = new Builder(rows, cols);
        System.arraycopy(cells, 0, builder.cells, 0, cells.length);
        builder.heroRow = heroRow();
        builder.heroCol = heroCol();
        builder.direction = Direction.of(direction);
        return builder;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int heroRow() {
        return hero / stride() - 1;
    }

    public int heroCol() {
        return hero % stride() - 1;
    }

    public Direction heroDirection() {
        return Direction.of(direction);
    }

    /** Whether an interior cell holds an obstacle. */
    public boolean blocked(int row, int col) {
        return cells[index(row, col)] == WALL;
    }

    /** The number of markers on an interior cell (0 on an obstacle). */
    public int markers(int row, int col) {
        return Math.max(0, cells[index(row, col)]);
    }

    int stride() {
        return cols + 2;
    }

    int heroIndex() {
        return hero;
    }

    int directionIndex() {
        return direction;
    }

    private int index(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("cell " + row + ":" + col + " is outside a " + rows + "x" + cols + " grid");
        }
        return (row + 1) * stride() + col + 1;
    }

    /**
     * What differs from {@code expected}, for people: the size, the hero, then up to three cells;
     * empty if the grids are equal.
     */
    public String differencesFrom(KarelGrid expected) {
        if (rows != expected.rows || cols != expected.cols) {
            return "grid is " + rows + "x" + cols + ", expected " + expected.rows + "x" + expected.cols;
        }
        List<String> differences = new ArrayList<>();
        if (hero != expected.hero || direction != expected.direction) {
            differences.add("hero at " + heroRow() + ":" + heroCol() + " facing " + heroDirection().json() + ", expected "
                    + expected.heroRow() + ":" + expected.heroCol() + " facing " + expected.heroDirection().json());
        }
        int cellDifferences = 0;
        for (int row = rows - 1; row >= 0; row--) {
            for (int col = 0; col < cols; col++) {
                int mine = cells[index(row, col)];
                int theirs = expected.cells[index(row, col)];
                if (mine != theirs && ++cellDifferences <= 3) {
                    differences.add(row + ":" + col + " has " + describe(mine) + ", expected " + describe(theirs));
                }
            }
        }
        if (cellDifferences > 3) {
            differences.add("and " + (cellDifferences - 3) + " more cells differ");
        }
        return String.join("; ", differences);
    }

    private static String describe(int cell) {
        return cell == WALL ? "an obstacle" : cell == 1 ? "1 marker" : cell + " markers";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KarelGrid grid && rows == grid.rows && cols == grid.cols
                && hero == grid.hero && direction == grid.direction && Arrays.equals(cells, grid.cells);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * (31 * (31 * hero + direction) + cols) + Arrays.hashCode(cells);
            hash = h;
        }
        return h;
    }

    /**
     * A drawing, top row first: {@code #} an obstacle, {@code .} an empty cell, a digit a marker count
     * ({@code X} for 10), the hero as {@code ^ > v <} (followed by the count under it, if any).
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int row = rows - 1; row >= 0; row--) {
            for (int col = 0; col < cols; col++) {
                int value = cells[index(row, col)];
                char symbol = value == WALL ? '#' : value == 0 ? '.' : value == 10 ? 'X' : (char) ('0' + value);
                if (row == heroRow() && col == heroCol()) {
                    text.append(heroDirection().symbol()).append(value > 0 ? symbol : ' ');
                } else {
                    text.append(symbol).append(' ');
                }
            }
            text.setLength(text.length() - 1);
            text.append('\n');
        }
        return text.toString();
    }

    /** Builds a grid cell by cell; {@link #build} checks every rule and names the first one broken. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private final byte[] cells;
        private int heroRow = -1;
        private int heroCol = -1;
        private Direction direction;
        private String problem;

        private Builder(int rows, int cols) {
            if (rows < MIN_SIZE || rows > MAX_SIZE) {
                throw new IllegalArgumentException("rows " + rows + " is outside " + MIN_SIZE + ".." + MAX_SIZE);
            }
            if (cols < MIN_SIZE || cols > MAX_SIZE) {
                throw new IllegalArgumentException("cols " + cols + " is outside " + MIN_SIZE + ".." + MAX_SIZE);
            }
            this.rows = rows;
            this.cols = cols;
            this.cells = new byte[(rows + 2) * (cols + 2)];
            int stride = cols + 2;
            for (int col = 0; col < stride; col++) {
                cells[col] = WALL;
                cells[(rows + 1) * stride + col] = WALL;
            }
            for (int row = 1; row <= rows; row++) {
                cells[row * stride] = WALL;
                cells[row * stride + cols + 1] = WALL;
            }
        }

        public Builder hero(int row, int col, Direction direction) {
            requireInside(row, col, "hero");
            if (direction == null) {
                throw new IllegalArgumentException("the hero needs a direction");
            }
            this.heroRow = row;
            this.heroCol = col;
            this.direction = direction;
            return this;
        }

        /** Puts an obstacle on a cell (which must hold no markers). */
        public Builder obstacle(int row, int col) {
            requireInside(row, col, "obstacle");
            int index = index(row, col);
            if (cells[index] > 0 && problem == null) {
                problem = "obstacle " + row + ":" + col + " is on a cell with markers";
            }
            cells[index] = WALL;
            return this;
        }

        /** Sets a cell's marker count, 0..10 (a marker on an obstacle is refused at build time). */
        public Builder markers(int row, int col, int count) {
            requireInside(row, col, "marker");
            if (count < 0 || count > MAX_MARKERS) {
                throw new IllegalArgumentException("marker count " + count + " at " + row + ":" + col
                        + " is outside 0.." + MAX_MARKERS);
            }
            int index = index(row, col);
            if (cells[index] == WALL) {
                if (count > 0 && problem == null) {
                    problem = "marker at " + row + ":" + col + " is on an obstacle";
                }
                return this;
            }
            cells[index] = (byte) count;
            return this;
        }

        public boolean blocked(int row, int col) {
            requireInside(row, col, "cell");
            return cells[index(row, col)] == WALL;
        }

        public int markers(int row, int col) {
            requireInside(row, col, "cell");
            return Math.max(0, cells[index(row, col)]);
        }

        public KarelGrid build() {
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (direction == null) {
                throw new IllegalArgumentException("the grid has no hero");
            }
            int hero = index(heroRow, heroCol);
            if (cells[hero] == WALL) {
                throw new IllegalArgumentException("hero " + heroRow + ":" + heroCol + " is on an obstacle");
            }
            return new KarelGrid(rows, cols, hero, direction.ordinal(), cells.clone());
        }

        private int index(int row, int col) {
            return (row + 1) * (cols + 2) + col + 1;
        }

        private void requireInside(int row, int col, String what) {
            if (row < 0 || row >= rows || col < 0 || col >= cols) {
                throw new IllegalArgumentException(what + " " + row + ":" + col + " is outside the "
                        + rows + "x" + cols + " grid");
            }
        }
    }
}
