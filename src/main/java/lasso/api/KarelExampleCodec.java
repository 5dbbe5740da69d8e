package lasso.api;

import lasso.api.v1.KarelCell;
import lasso.api.v1.KarelDirection;
import lasso.api.v1.KarelExample;
import lasso.api.v1.KarelHero;
import lasso.api.v1.KarelMarkers;
import lasso.domain.Domain;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.karel.Direction;
import lasso.domain.karel.KarelDomain;
import lasso.domain.karel.KarelGrid;

/** Karel examples: grids as rows, cols, hero, obstacles and markers. */
public final class KarelExampleCodec implements ExampleCodec<KarelGrid, KarelGrid> {

    @Override
    @SuppressWarnings("unchecked")
    public Domain<?, KarelGrid, KarelGrid> domain() {
        return (Domain<?, KarelGrid, KarelGrid>) Domains.named(KarelDomain.NAME);
    }

    @Override
    public Example<KarelGrid, KarelGrid> decode(lasso.api.v1.Example example, String field) {
        if (example.getKindCase() != lasso.api.v1.Example.KindCase.KAREL) {
            throw new IllegalArgumentException(field + ": domain karel takes karel examples, not "
                    + kind(example));
        }
        KarelExample karel = example.getKarel();
        if (!karel.hasInput()) {
            throw new IllegalArgumentException(field + ".karel.input: missing");
        }
        if (!karel.hasOutput()) {
            throw new IllegalArgumentException(field + ".karel.output: missing");
        }
        return Example.given(grid(karel.getInput(), field + ".karel.input"),
                grid(karel.getOutput(), field + ".karel.output"));
    }

    static String kind(lasso.api.v1.Example example) {
        return example.getKindCase() == lasso.api.v1.Example.KindCase.KIND_NOT_SET ? "an empty example"
                : example.getKindCase().name().toLowerCase(java.util.Locale.ROOT) + " examples";
    }

    private static KarelGrid grid(lasso.api.v1.KarelGrid grid, String field) {
        try {
            KarelGrid.Builder builder = KarelGrid.builder(grid.getRows(), grid.getCols());
            if (!grid.hasHero()) {
                throw new IllegalArgumentException("hero: missing");
            }
            builder.hero(grid.getHero().getRow(), grid.getHero().getCol(), direction(grid.getHero().getDirection()));
            for (KarelCell obstacle : grid.getObstaclesList()) {
                builder.obstacle(obstacle.getRow(), obstacle.getCol());
            }
            for (KarelMarkers markers : grid.getMarkersList()) {
                builder.markers(markers.getRow(), markers.getCol(), markers.getCount());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static Direction direction(KarelDirection direction) {
        return switch (direction) {
            case NORTH -> Direction.NORTH;
            case EAST -> Direction.EAST;
            case SOUTH -> Direction.SOUTH;
            case WEST -> Direction.WEST;
            default -> throw new IllegalArgumentException("hero.direction: missing (north, east, south or west)");
        };
    }

    @Override
    public lasso.api.v1.Example encode(Example<KarelGrid, KarelGrid> example) {
        return lasso.api.v1.Example.newBuilder().setKarel(KarelExample.newBuilder()
                .setInput(grid(example.input()))
                .setOutput(grid(example.output()))).build();
    }

    private static lasso.api.v1.KarelGrid grid(KarelGrid grid) {
        lasso.api.v1.KarelGrid.Builder message = lasso.api.v1.KarelGrid.newBuilder()
                .setRows(grid.rows())
                .setCols(grid.cols())
                .setHero(KarelHero.newBuilder().setRow(grid.heroRow()).setCol(grid.heroCol())
                        .setDirection(switch (grid.heroDirection()) {
                            case NORTH -> KarelDirection.NORTH;
                            case EAST -> KarelDirection.EAST;
                            case SOUTH -> KarelDirection.SOUTH;
                            case WEST -> KarelDirection.WEST;
                        }));
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                if (grid.blocked(row, col)) {
                    message.addObstacles(KarelCell.newBuilder().setRow(row).setCol(col));
                } else if (grid.markers(row, col) > 0) {
                    message.addMarkers(KarelMarkers.newBuilder().setRow(row).setCol(col).setCount(grid.markers(row, col)));
                }
            }
        }
        return message.build();
    }
}
