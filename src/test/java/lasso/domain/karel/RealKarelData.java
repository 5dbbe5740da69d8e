package lasso.domain.karel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The shipped real MSR records (evaluation only), read once per test class. */
final class RealKarelData {

    static final String FULL = "/data/karel/msr_test_first8_full.jsonl";
    static final String PROGRAMS = "/data/karel/msr_test_programs_actions_first500.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RealKarelData() {
    }

    static List<JsonNode> records(String resource) {
        try (InputStream in = RealKarelData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<JsonNode> records = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(MAPPER.readTree(line));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(node -> list.add(node.asText()));
        return list;
    }
}
