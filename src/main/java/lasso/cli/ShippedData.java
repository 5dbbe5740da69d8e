package lasso.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real benchmark records shipped in the jar under {@code /data} (evaluation only, never training). */
final class ShippedData {

    static final String KAREL_FULL = "/data/karel/msr_test_first8_full.jsonl";
    static final String KAREL_PROGRAMS = "/data/karel/msr_test_programs_actions_first500.jsonl";

    private ShippedData() {
    }

    /** The JSON records of a shipped JSON-lines file. */
    static List<JsonNode> records(String resource) {
        try (InputStream in = ShippedData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the shipped data file " + resource + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<JsonNode> records = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(JsonLines.MAPPER.readTree(line));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>(array.size());
        array.forEach(node -> list.add(node.asText()));
        return list;
    }
}
