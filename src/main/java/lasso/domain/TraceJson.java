package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Traces in JSON: the states and the output in the domain's own JSON form, the events and the outcome
 * as fields. This is how a trace travels between nodes (an executor records it, a debugger on another
 * node reads it) and how people read one.
 *
 * @param <S> the domain's state snapshot
 * @param <O> the domain's output
 */
public final class TraceJson<S, O> {

    /** Reads one value of the domain; the exception names {@code where} and the problem. */
    public interface Reader<T> {
        T read(JsonNode node, String where) throws InvalidTaskException;
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Function<S, JsonNode> writeState;
    private final Reader<S> readState;
    private final Function<O, JsonNode> writeOutput;
    private final Reader<O> readOutput;

    public TraceJson(Function<S, JsonNode> writeState, Reader<S> readState,
                     Function<O, JsonNode> writeOutput, Reader<O> readOutput) {
        this.writeState = writeState;
        this.readState = readState;
        this.writeOutput = writeOutput;
        this.readOutput = readOutput;
    }

    @SuppressWarnings("unchecked")
    public ObjectNode write(Trace<S> trace) {
        ObjectNode json = JSON.objectNode();
        ArrayNode states = json.putArray("states");
        trace.states().forEach(state -> states.add(writeState.apply(state)));
        ArrayNode events = json.putArray("events");
        for (TraceEvent event : trace.events()) {
            ObjectNode node = events.addObject();
            node.put("timestep", event.timestep());
            node.put("type", event.type());
            node.set("span", span(event.span()));
            node.set("condition_span", event.conditionSpan() == null ? JSON.nullNode() : span(event.conditionSpan()));
            if (event.conditionValue() == null) {
                node.putNull("condition_value");
            } else {
                node.put("condition_value", event.conditionValue());
            }
            node.put("success", event.success());
        }
        ObjectNode outcome = json.putObject("outcome");
        if (trace.outcome() instanceof Outcome.Ok<?> ok) {
            outcome.put("status", "ok");
            outcome.set("output", writeOutput.apply((O) ok.output()));
        } else {
            Outcome.Failure<?> failure = (Outcome.Failure<?>) trace.outcome();
            outcome.put("status", failure.kind() == Outcome.FailureKind.ERROR ? "error" : "timeout");
            outcome.put("reason", failure.reason());
        }
        return json;
    }

    /** Reads a trace written by {@link #write}. */
    public Trace<S> read(JsonNode json) throws InvalidTaskException {
        List<S> states = new ArrayList<>();
        JsonNode stateNodes = array(json, "states");
        for (int i = 0; i < stateNodes.size(); i++) {
            states.add(readState.read(stateNodes.get(i), "states[" + i + "]"));
        }
        List<TraceEvent> events = new ArrayList<>();
        JsonNode eventNodes = array(json, "events");
        for (int i = 0; i < eventNodes.size(); i++) {
            events.add(event(eventNodes.get(i), "events[" + i + "]"));
        }
        JsonNode outcome = json.get("outcome");
        if (outcome == null || !outcome.isObject()) {
            throw new InvalidTaskException("trace: 'outcome' must be an object");
        }
        String status = outcome.path("status").asText();
        Outcome<O> result = switch (status) {
            case "ok" -> Outcome.ok(readOutput.read(outcome.get("output"), "outcome.output"));
            case "error" -> Outcome.error(outcome.path("reason").asText());
            case "timeout" -> Outcome.timeout(outcome.path("reason").asText());
            default -> throw new InvalidTaskException("trace: outcome.status must be ok, error or timeout, not '"
                    + status + "'");
        };
        return new Trace<>(states, events, result);
    }

    private static TraceEvent event(JsonNode node, String where) throws InvalidTaskException {
        if (!node.isObject() || !node.path("timestep").isInt() || !node.path("type").isTextual()
                || !node.path("success").isBoolean()) {
            throw new InvalidTaskException("trace: " + where + " needs an int 'timestep', a text 'type' and a "
                    + "boolean 'success'");
        }
        JsonNode value = node.get("condition_value");
        return new TraceEvent(node.get("timestep").intValue(), node.get("type").textValue(),
                span(node.get("span"), where + ".span"),
                node.path("condition_span").isNull() || node.get("condition_span") == null
                        ? null : span(node.get("condition_span"), where + ".condition_span"),
                value == null || value.isNull() ? null : value.intValue(),
                node.get("success").booleanValue());
    }

    private static ArrayNode span(TokenSpan span) {
        return JSON.arrayNode().add(span.first()).add(span.last());
    }

    private static TokenSpan span(JsonNode node, String where) throws InvalidTaskException {
        if (node == null || !node.isArray() || node.size() != 2 || !node.get(0).isInt() || !node.get(1).isInt()) {
            throw new InvalidTaskException("trace: " + where + " must be [first, last]");
        }
        try {
            return new TokenSpan(node.get(0).intValue(), node.get(1).intValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException("trace: " + where + ": " + e.getMessage());
        }
    }

    private static JsonNode array(JsonNode json, String field) throws InvalidTaskException {
        JsonNode node = json == null ? null : json.get(field);
        if (node == null || !node.isArray()) {
            throw new InvalidTaskException("trace: '" + field + "' must be an array");
        }
        return node;
    }
}
