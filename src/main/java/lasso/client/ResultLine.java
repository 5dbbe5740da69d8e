package lasso.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lasso.runtime.JobResult;
import lasso.runtime.JobState;

import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * One task's line of a results file ({@code solve --out}, {@code benchmark run}'s results.jsonl):
 * {@code {"id", "status": solved|unsolved|error, "program", "given_passed", "given_total",
 * "heldout_passed", "heldout_total", "expansions", "evaluated", "millis", "stop_reason"}} and
 * {@code "message"} when the result carries a note (an error, or the share a memory-budget stop reached).
 */
public record ResultLine(String id, String status, String program, int givenPassed, int givenTotal,
                         int heldoutPassed, int heldoutTotal, long expansions, long evaluated, long millis,
                         String stopReason, String message) {

    public static final String SOLVED = "solved";
    public static final String UNSOLVED = "unsolved";
    public static final String ERROR = "error";

    static final ObjectMapper MAPPER = new ObjectMapper();

    public static ResultLine of(JobResult result) {
        return new ResultLine(result.label(), status(result.state()), result.program(), result.givenPassed(),
                result.givenTotal(), result.heldoutPassed(), result.heldoutTotal(), result.expansions(),
                result.evaluated(), result.millis(),
                result.stopReason() == null ? "" : result.stopReason().name().toLowerCase(Locale.ROOT),
                result.message());
    }

    public static ResultLine of(lasso.api.v1.JobResult result) {
        String state = switch (result.getState()) {
            case SOLVED -> SOLVED;
            case UNSOLVED -> UNSOLVED;
            default -> ERROR;
        };
        return new ResultLine(result.getLabel(), state, result.getProgram(), result.getGivenPassed(),
                result.getGivenTotal(), result.getHeldoutPassed(), result.getHeldoutTotal(),
                result.getExpansions(), result.getEvaluated(), result.getMillis(),
                result.getStopReason().name().toLowerCase(Locale.ROOT), result.getMessage());
    }

    public static ResultLine error(String id, String message) {
        return new ResultLine(id, ERROR, "", 0, 0, 0, 0, 0, 0, 0, "error", message);
    }

    private static String status(JobState state) {
        return switch (state) {
            case SOLVED -> SOLVED;
            case UNSOLVED -> UNSOLVED;
            default -> ERROR;
        };
    }

    /**
     * A line as written by {@link #json()}.
     *
     * @throws IllegalArgumentException naming the missing or mistyped field
     */
    public static ResultLine parse(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("a result line must be a JSON object");
        }
        String status = text(json, "status");
        if (!status.equals(SOLVED) && !status.equals(UNSOLVED) && !status.equals(ERROR)) {
            throw new IllegalArgumentException("status: expected solved, unsolved or error, got '" + status + "'");
        }
        return new ResultLine(text(json, "id"), status, text(json, "program"),
                (int) number(json, "given_passed"), (int) number(json, "given_total"),
                (int) number(json, "heldout_passed"), (int) number(json, "heldout_total"),
                number(json, "expansions"), number(json, "evaluated"), number(json, "millis"),
                text(json, "stop_reason"), json.has("message") ? json.get("message").asText() : "");
    }

    /** {@link #parse(JsonNode)} of one line of text. */
    public static ResultLine parse(String line) {
        try {
            return parse(MAPPER.readTree(line));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + ": missing or not a string");
        }
        return value.asText();
    }

    private static long number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": missing or not an integer");
        }
        return value.asLong();
    }

    public ObjectNode json() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", id);
        json.put("status", status);
        json.put("program", program);
        json.put("given_passed", givenPassed);
        json.put("given_total", givenTotal);
        json.put("heldout_passed", heldoutPassed);
        json.put("heldout_total", heldoutTotal);
        json.put("expansions", expansions);
        json.put("evaluated", evaluated);
        json.put("millis", millis);
        json.put("stop_reason", stopReason);
        if (!message.isEmpty()) {
            json.put("message", message);
        }
        return json;
    }

    /** The line as one line of JSON text, without the line break. */
    public String text() {
        try {
            return MAPPER.writeValueAsString(json());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same line for the task {@code taskId} (a server answers with the label it was given). */
    public ResultLine withId(String taskId) {
        return taskId.equals(id) ? this : new ResultLine(taskId, status, program, givenPassed, givenTotal, heldoutPassed,
                heldoutTotal, expansions, evaluated, millis, stopReason, message);
    }

    public boolean solved() {
        return status.equals(SOLVED);
    }

    public boolean failed() {
        return status.equals(ERROR);
    }

    /** Solved, and the answer passes the held-out examples too. */
    public boolean generalizes() {
        return solved() && heldoutPassed == heldoutTotal;
    }
}
