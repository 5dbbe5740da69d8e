package lasso.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import lasso.domain.Domain;
import lasso.domain.InvalidTaskException;
import lasso.domain.Trace;

import java.util.ArrayList;
import java.util.List;

/**
 * A program's traces on a job's given examples as they travel from an executor to a debugger: JSON in
 * the domain's trace form, which is what crosses nodes, and, inside one JVM, the traces themselves, so a
 * debugger next to the executor need not read them back.
 */
public final class Traces {

    private final List<JsonNode> json;
    /** Not serialized: traces from another node arrive without them and are read back there. */
    private final transient List<Trace<?>> traces;

    private Traces(List<JsonNode> json, List<Trace<?>> traces) {
        this.json = List.copyOf(json);
        this.traces = traces == null ? null : List.copyOf(traces);
    }

    @JsonCreator
    static Traces of(@JsonProperty("json") List<JsonNode> json) {
        return new Traces(json, null);
    }

    /** Traces made by {@code domain} in this JVM. */
    static Traces made(Domain<?, ?, ?> domain, List<Trace<?>> traces) {
        List<JsonNode> json = new ArrayList<>(traces.size());
        for (Trace<?> trace : traces) {
            json.add(domain.writeTrace(trace));
        }
        return new Traces(json, traces);
    }

    @JsonProperty("json")
    List<JsonNode> json() {
        return json;
    }

    /** The traces, read back with {@code domain} when they came from another node. */
    List<Trace<?>> of(Domain<?, ?, ?> domain) {
        if (traces != null) {
            return traces;
        }
        List<Trace<?>> read = new ArrayList<>(json.size());
        for (JsonNode trace : json) {
            try {
                read.add(domain.readTrace(trace));
            } catch (InvalidTaskException e) {
                throw new IllegalArgumentException("a trace from another node does not read back: " + e.getMessage(), e);
            }
        }
        return read;
    }

    int size() {
        return json.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Traces that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
