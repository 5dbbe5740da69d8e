package lasso.runtime;

import lasso.search.SearchSettings;

/**
 * A job as it travels between nodes: the domain's name, the examples as one task record in the
 * domain's own JSON format (given examples first), and the search settings. Every node decodes it
 * once per job ({@link JobCache}); programs travel separately as token lists.
 *
 * @param label        a free label returned with the results (a task's id)
 * @param task         the examples written by the domain's {@code TaskFormat}
 * @param givenCount   how many of the task's examples, from the first, the search may see
 * @param heldoutCount the remaining examples, which only judge answers
 */
public record JobSpec(String domain, String label, String task, int givenCount, int heldoutCount,
                      SearchSettings settings) implements CborSerializable {

    public JobSpec {
        if (givenCount <= 0) {
            throw new IllegalArgumentException("a job needs at least one given example");
        }
        if (heldoutCount < 0) {
            throw new IllegalArgumentException("heldoutCount must not be negative");
        }
    }
}
