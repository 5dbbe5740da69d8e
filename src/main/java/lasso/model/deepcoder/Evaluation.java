package lasso.model.deepcoder;

import lasso.domain.TaskGenerator.Generated;
import lasso.domain.list.Attribute;
import lasso.domain.list.ListInput;
import lasso.domain.list.ListProgram;
import lasso.domain.list.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well predicted attribute probabilities match the programs: mean binary cross-entropy,
 * accuracy at 0.5 (over all 34 × tasks decisions, and per attribute), and the area under the ROC
 * curve per attribute (how well the attribute's present tasks are ranked above its absent ones).
 */
public record Evaluation(int tasks, double loss, double accuracy, double meanAuc, double[] accuracyByAttribute,
                         double[] aucByAttribute) {

    /** Batch size for prediction. */
    private static final int BATCH = 256;

    public static Evaluation of(DeepcoderModel model, List<Generated<ListProgram, ListInput, Value>> tasks) {
        List<double[]> predictions = new ArrayList<>();
        for (int start = 0; start < tasks.size(); start += BATCH) {
            List<Generated<ListProgram, ListInput, Value>> batch = tasks.subList(start, Math.min(tasks.size(), start + BATCH));
            predictions.addAll(model.predict(batch.stream().map(Generated::examples).toList()));
        }
        int[][] labels = new int[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            labels[t] = tasks.get(t).program().attributeVector();
        }
        return of(predictions, labels);
    }

    static Evaluation of(List<double[]> predictions, int[][] labels) {
        int n = labels.length;
        double loss = 0;
        long correct = 0;
        double[] accuracy = new double[Attribute.COUNT_ALL];
        for (int t = 0; t < n; t++) {
            for (int a = 0; a < Attribute.COUNT_ALL; a++) {
                double p = Math.min(1 - 1e-7, Math.max(1e-7, predictions.get(t)[a]));
                loss -= labels[t][a] == 1 ? Math.log(p) : Math.log(1 - p);
                if ((p >= 0.5) == (labels[t][a] == 1)) {
                    correct++;
                    accuracy[a]++;
                }
            }
        }
        double[] auc = new double[Attribute.COUNT_ALL];
        double aucSum = 0;
        int aucCount = 0;
        for (int a = 0; a < Attribute.COUNT_ALL; a++) {
            accuracy[a] /= n;
            auc[a] = auc(predictions, labels, a);
            if (!Double.isNaN(auc[a])) {
                aucSum += auc[a];
                aucCount++;
            }
        }
        return new Evaluation(n, loss / ((double) n * Attribute.COUNT_ALL), (double) correct / ((double) n * Attribute.COUNT_ALL),
                aucCount == 0 ? Double.NaN : aucSum / aucCount, accuracy, auc);
    }

    /** Mann-Whitney AUC with ties counted half; NaN when the attribute is always or never present. */
    private static double auc(List<double[]> predictions, int[][] labels, int a) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(predictions.get(x)[a], predictions.get(y)[a]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && predictions.get(order[j + 1])[a] == predictions.get(order[i])[a]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]][a] == 1) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
