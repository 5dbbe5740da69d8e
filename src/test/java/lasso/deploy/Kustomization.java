package lasso.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of Kustomize that deploy/k8s uses, to render an overlay in a test without kubectl:
 * resources (files and directories), labels (metadata only), strategic-merge patches (maps merged,
 * lists of named items merged by name), replicas and the namespace. A kustomization.yaml field this
 * does not know fails the parse, so a new feature cannot be skipped silently.
 */
record Kustomization(String apiVersion, String kind, String namespace, List<LabelSet> labels, List<String> resources,
                     List<Patch> patches, List<Replica> replicas) {

    record LabelSet(Map<String, String> pairs) {
    }

    record Patch(String path) {
    }

    record Replica(String name, int count) {
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

    /** Every resource the kustomization in {@code dir} renders. */
    static List<ObjectNode> render(Path dir) throws IOException {
        Kustomization kustomization = YAML.readValue(dir.resolve("kustomization.yaml").toFile(), Kustomization.class);
        if (!"kustomize.config.k8s.io/v1beta1".equals(kustomization.apiVersion()) || !"Kustomization".equals(kustomization.kind())) {
            throw new IOException(dir + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        List<ObjectNode> resources = new ArrayList<>();
        for (String resource : kustomization.resources()) {
            Path path = dir.resolve(resource).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path) : documents(path));
        }
        if (kustomization.labels() != null) {
            for (LabelSet set : kustomization.labels()) {
                for (ObjectNode resource : resources) {
                    ObjectNode metadata = (ObjectNode) resource.get("metadata");
                    ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
                    set.pairs().forEach(labels::put);
                }
            }
        }
        if (kustomization.patches() != null) {
            for (Patch patch : kustomization.patches()) {
                for (ObjectNode document : documents(dir.resolve(patch.path()))) {
                    ObjectNode target = find(resources, document.get("kind").asText(),
                            document.get("metadata").get("name").asText(), dir + "/" + patch.path());
                    merge(target, document);
                }
            }
        }
        if (kustomization.replicas() != null) {
            for (Replica replica : kustomization.replicas()) {
                ((ObjectNode) find(resources, "Deployment", replica.name(), dir + " replicas").get("spec"))
                        .put("replicas", replica.count());
            }
        }
        if (kustomization.namespace() != null) {
            for (ObjectNode resource : resources) {
                if (!CLUSTER_SCOPED.contains(resource.get("kind").asText())) {
                    ((ObjectNode) resource.get("metadata")).put("namespace", kustomization.namespace());
                }
                if (resource.get("kind").asText().equals("RoleBinding")) {
                    for (JsonNode subject : resource.get("subjects")) {
                        if (subject.get("kind").asText().equals("ServiceAccount")) {
                            ((ObjectNode) subject).put("namespace", kustomization.namespace());
                        }
                    }
                }
            }
        }
        return resources;
    }

    /** The YAML documents of a file. */
    static List<ObjectNode> documents(Path file) throws IOException {
        List<ObjectNode> documents = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, new TypeReference<JsonNode>() { });
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    if (!document.isObject()) {
                        throw new IOException(file + ": a document is not a mapping");
                    }
                    documents.add((ObjectNode) document);
                }
            }
        }
        return documents;
    }

    private static ObjectNode find(List<ObjectNode> resources, String kind, String name, String where) throws IOException {
        for (ObjectNode resource : resources) {
            if (resource.get("kind").asText().equals(kind) && resource.get("metadata").get("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new IOException(where + ": no " + kind + " named " + name + " to patch");
    }

    /** Strategic merge: maps merge, lists whose items all have a name merge by name, anything else is replaced. */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing instanceof ObjectNode object && value instanceof ObjectNode patchObject) {
                merge(object, patchObject);
            } else if (existing instanceof ArrayNode list && value instanceof ArrayNode patchList && named(list) && named(patchList)) {
                for (JsonNode item : patchList) {
                    ObjectNode match = null;
                    for (JsonNode candidate : list) {
                        if (candidate.get("name").equals(item.get("name"))) {
                            match = (ObjectNode) candidate;
                        }
                    }
                    if (match == null) {
                        list.add(item.deepCopy());
                    } else {
                        merge(match, (ObjectNode) item);
                    }
                }
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    private static boolean named(ArrayNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return true;
    }
}
