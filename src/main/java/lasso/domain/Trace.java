package lasso.domain;

import java.util.List;

/**
 * A recorded run, as a debugger reads it: the states the program went through (the input first,
 * then one after every state-changing step) and the events that explain them.
 *
 * @param <S> the domain's state snapshot (a Karel grid, a C variable store, …)
 */
public record Trace<S>(List<S> states, List<TraceEvent> events, Outcome<?> outcome) {

    public Trace {
        states = List.copyOf(states);
        events = List.copyOf(events);
    }

    /** Whether the run finished without an error or a timeout. */
    public boolean success() {
        return outcome.isOk();
    }
}
