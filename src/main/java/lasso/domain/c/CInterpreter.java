package lasso.domain.c;

import lasso.domain.Outcome;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs restricted-C programs on lists: their compiled form on one fresh int frame per run, and, for
 * traces, the same code with events and a snapshot after every step.
 */
public final class CInterpreter {

    /** A run may take this many steps; the next one is a timeout (see {@link CCompiler} for a step). */
    public static final int STEP_LIMIT = 10_000;

    private CInterpreter() {
    }

    public static Outcome<CArray> run(CProgram program, CArray input) {
        CCode code = program.code();
        int[] frame = new int[code.frameSize()];
        input.copyTo(frame, 0);
        int status = CMachine.execute(code, frame, STEP_LIMIT, null);
        return outcome(status, frame);
    }

    private static Outcome<CArray> outcome(int status, int[] frame) {
        return switch (status) {
            case CMachine.OK -> Outcome.ok(CArray.own(Arrays.copyOf(frame, CArray.LENGTH)));
            case CMachine.ERROR -> {
                int index = frame[frame.length - 1];
                yield Outcome.error(() -> indexError(index));
            }
            default -> Outcome.timeout(CInterpreter::timeoutMessage);
        };
    }

    static String indexError(int index) {
        return "index " + index + " is outside the list (0.." + (CArray.LENGTH - 1) + "): undefined behaviour in C";
    }

    static String timeoutMessage() {
        return "more than " + STEP_LIMIT + " steps";
    }

    /** Runs the program and records every step: a state after each, and its event. */
    public static Trace<CState> trace(CProgram program, CArray input) {
        CCode code = program.tracedCode();
        int[] frame = new int[code.frameSize()];
        input.copyTo(frame, 0);
        Recorder recorder = new Recorder(code);
        recorder.states.add(new CState(input, Map.of()));
        int status = CMachine.execute(code, frame, STEP_LIMIT, recorder);
        return new Trace<>(recorder.states, recorder.events, outcome(status, frame));
    }

    /** Watches a traced run step by step without recording it (the generator's value checks). */
    static int watch(CProgram program, CArray input, CMachine.Listener listener, int[] frame) {
        input.copyTo(frame, 0);
        return CMachine.execute(program.tracedCode(), frame, STEP_LIMIT, listener);
    }

    private static final class Recorder implements CMachine.Listener {
        private final CCode code;
        private final List<CState> states = new ArrayList<>();
        private final List<TraceEvent> events = new ArrayList<>();

        Recorder(CCode code) {
            this.code = code;
        }

        @Override
        public void stepped(int site, int[] frame) {
            CCode.Site s = code.sites()[site];
            events.add(new TraceEvent(states.size(), s.type(), s.span(), null, null, true));
            states.add(snapshot(s, frame));
        }

        @Override
        public void condition(int site, int value, int[] frame) {
            CCode.Site s = code.sites()[site];
            events.add(new TraceEvent(states.size(), s.type(), s.span(), s.condition(), value, true));
            states.add(snapshot(s, frame));
        }

        @Override
        public void failed(int site, int[] frame, int status) {
            CCode.Site s = code.sites()[site];
            events.add(new TraceEvent(states.size(), s.type(), s.span(), s.condition(), null, false));
        }

        private static CState snapshot(CCode.Site site, int[] frame) {
            Map<String, Integer> variables = new LinkedHashMap<>();
            for (int i = 0; i < site.visibleSlots().length; i++) {
                variables.put(site.visibleNames()[i], frame[site.visibleSlots()[i]]);
            }
            return new CState(CArray.of(Arrays.copyOf(frame, CArray.LENGTH)), variables);
        }
    }
}
