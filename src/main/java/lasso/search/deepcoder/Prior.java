package lasso.search.deepcoder;

import lasso.domain.list.Attribute;
import lasso.domain.list.ListProgram;

import java.util.Arrays;

/** The baseline ordering: how often each attribute appears in the training programs. */
public final class Prior implements AttributePredictor {

    private final double[] frequencies;

    public Prior(double[] frequencies) {
        if (frequencies.length != Attribute.COUNT_ALL) {
            throw new IllegalArgumentException("a prior has " + Attribute.COUNT_ALL + " frequencies, got "
                    + frequencies.length);
        }
        this.frequencies = frequencies.clone();
    }

    /** Frequencies counted over programs, smoothed so that no attribute has probability zero. */
    public static Prior of(Iterable<ListProgram> programs) {
        double[] counts = new double[Attribute.COUNT_ALL];
        long total = 0;
        for (ListProgram program : programs) {
            for (Attribute attribute : program.attributes()) {
                counts[attribute.ordinal()]++;
            }
            total++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (counts[i] + 1) / (total + 2);
        }
        return new Prior(counts);
    }

    /** The uniform ordering (every attribute 0.5), for tests and when no data is at hand. */
    public static Prior uniform() {
        double[] half = new double[Attribute.COUNT_ALL];
        Arrays.fill(half, 0.5);
        return new Prior(half);
    }

    public double[] frequencies() {
        return frequencies.clone();
    }

    @Override
    public double[] predict(SearchProblem problem) {
        return frequencies.clone();
    }
}
