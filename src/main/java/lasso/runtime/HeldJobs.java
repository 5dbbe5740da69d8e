package lasso.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jobs one API node's registry holds, running and queued (oldest first), each with its client,
 * and its {@link Admission}'s counts kept in step with them; plus the slots reserved for submissions
 * the journal has not confirmed yet. Plain bookkeeping: {@link JobRegistry} does the messaging.
 */
final class HeldJobs {

    private final Admission admission;
    private final Map<String, String> running = new HashMap<>();
    private final LinkedHashMap<String, String> queued = new LinkedHashMap<>();
    private int journaling;
    /**
     * Jobs that ended before the journal's answer reached the registry: the entity's end comes
     * straight to it, its acceptance through another actor, so a fast job's end can overtake it.
     */
    private final Set<String> endedWhileJournaling = new HashSet<>();

    HeldJobs(Admission admission) {
        this.admission = admission;
    }

    Admission admission() {
        return admission;
    }

    /** Takes a slot (true: the job may run at once) or a place in the queue while the journal confirms a job. */
    boolean reserve(String client) {
        boolean start = admission.mayStart(client);
        if (start) {
            admission.started(client);
        } else {
            admission.enqueued(client);
        }
        journaling++;
        return start;
    }

    /**
     * The journal answered for a submission that reserved with {@code start}: gives the reservation
     * back, and holds the job when {@code held} (running when {@code runs}, else queued) unless it is
     * held already or ended meanwhile.
     *
     * @return whether the job is now held here (so queued when not {@code runs})
     */
    boolean settle(String id, String client, boolean start, boolean held, boolean runs) {
        journaling--;
        boolean endedAlready = endedWhileJournaling.remove(id);
        if (journaling == 0) {
            endedWhileJournaling.clear();
        }
        if (start) {
            admission.ended(client);
        } else {
            admission.dequeued(client);
        }
        if (!held || endedAlready || holds(id)) {
            return false;
        }
        if (runs) {
            admission.started(client);
            running.put(id, client);
        } else {
            admission.enqueued(client);
            queued.put(id, client);
        }
        return true;
    }

    /** A job ended: its slot or place is free. @return whether it was queued here */
    boolean ended(String id) {
        if (running.containsKey(id)) {
            admission.ended(running.remove(id));
        } else if (queued.containsKey(id)) {
            admission.dequeued(queued.remove(id));
            return true;
        } else if (journaling > 0) {
            endedWhileJournaling.add(id);
        }
        return false;
    }

    /** Moves queued jobs to running, oldest first, as far as the free slots and their clients' quotas allow. */
    List<String> startQueued() {
        List<String> started = new ArrayList<>();
        for (Iterator<Map.Entry<String, String>> it = queued.entrySet().iterator();
             it.hasNext() && admission.running() < admission.quotas().maxRunning(); ) {
            Map.Entry<String, String> job = it.next();
            if (admission.mayStart(job.getValue())) {
                it.remove();
                admission.dequeued(job.getValue());
                admission.started(job.getValue());
                running.put(job.getKey(), job.getValue());
                started.add(job.getKey());
            }
        }
        return started;
    }

    boolean holds(String id) {
        return running.containsKey(id) || queued.containsKey(id);
    }

    boolean isRunning(String id) {
        return running.containsKey(id);
    }

    boolean isQueued(String id) {
        return queued.containsKey(id);
    }

    /** The jobs held, queued ones first. */
    List<String> all() {
        List<String> all = new ArrayList<>(queued.keySet());
        all.addAll(running.keySet());
        return all;
    }

    /** Lets every held job go (handed over to the cluster); @return the queued ones */
    List<String> releaseAll() {
        running.values().forEach(admission::ended);
        queued.values().forEach(admission::dequeued);
        List<String> wereQueued = List.copyOf(queued.keySet());
        running.clear();
        queued.clear();
        return wereQueued;
    }

    int running() {
        return running.size();
    }

    int queued() {
        return queued.size();
    }

    /** Nothing held and nothing waiting for the journal. */
    boolean isEmpty() {
        return running.isEmpty() && queued.isEmpty() && journaling == 0;
    }
}
