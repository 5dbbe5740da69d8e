package lasso.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import lasso.runtime.Journal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/k8s: each overlay rendered (as Kustomize does), every resource read strictly into fabric8's
 * Kubernetes model (a field the model does not know fails), and the references between them checked:
 * selectors and labels, ports by name, the service account and its role, the config files the nodes
 * are given, the secrets, and the node configuration against the ports and labels.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deploy/k8s");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOURNAL_SECRET = "lasso-postgres";
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class);

    /** The rendered overlay, read into the model. */
    private record Manifests(List<HasMetadata> resources) {

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
            return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
        }
    }

    private static Manifests read(String overlay) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        for (ObjectNode document : Kustomization.render(K8S.resolve("overlays").resolve(overlay))) {
            String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> kind = KINDS.get(type);
            assertNotNull(kind, "a resource of an unexpected kind: " + type);
            HasMetadata resource = JSON.treeToValue(document, kind);
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, type + " " + resource.getMetadata().getName(), unknown, new IdentityHashMap<>());
            assertEquals(List.of(), unknown, "fields the Kubernetes model does not know");
            resources.add(resource);
        }
        return new Manifests(resources);
    }

    /** Every model object's {@code additionalProperties}, where the model keeps fields it does not know. */
    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object field = method.invoke(value);
                if (method.getName().equals("getAdditionalProperties")) {
                    if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(field, path + "." + method.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(path + "." + method.getName(), e);
            }
        }
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static Map<String, Integer> ports(Container container) {
        Map<String, Integer> ports = new HashMap<>();
        for (ContainerPort port : container.getPorts()) {
            ports.put(port.getName(), port.getContainerPort());
        }
        return ports;
    }

    private static void portExists(Container container, IntOrString port, String what) {
        if (port.getStrVal() != null) {
            assertTrue(ports(container).containsKey(port.getStrVal()), what + ": no container port named " + port.getStrVal());
        } else {
            assertTrue(ports(container).containsValue(port.getIntVal()), what + ": no container port " + port.getIntVal());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "gpu"})
    void everyResourceIsValidAndEveryReferenceResolves(String overlay) throws Exception {
        Manifests manifests = read(overlay);
        List<Deployment> deployments = manifests.all(Deployment.class);
        assertEquals(Set.of("lasso-api", "lasso-worker", "lasso-model"),
                Set.copyOf(deployments.stream().map(d -> d.getMetadata().getName()).toList()));

        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(selects(deployment.getSpec().getSelector().getMatchLabels(), podLabels), name + ": selector");
            assertEquals("lasso", deployment.getMetadata().getNamespace(), name + ": namespace");
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertTrue(manifests.named(ServiceAccount.class, pod.getServiceAccountName()).isPresent(),
                    name + ": service account " + pod.getServiceAccountName());
            Container container = pod.getContainers().get(0);
            Map<String, Integer> ports = ports(container);
            assertEquals(8558, ports.get("management"), name + ": Kubernetes API discovery finds the port named management");
            assertEquals(Integer.valueOf(deployment.getSpec().getTemplate().getMetadata().getAnnotations()
                    .get("prometheus.io/port")), ports.get("metrics"), name + ": the scraped port");
            for (Probe probe : List.of(container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe())) {
                HTTPGetAction get = probe.getHttpGet();
                portExists(container, get.getPort(), name + " probe " + get.getPath());
                assertTrue(Set.of("/ready", "/alive").contains(get.getPath()), "Akka Management's health checks");
            }
            assertEquals("/ready", container.getReadinessProbe().getHttpGet().getPath());
            checkConfigFiles(manifests, name, pod, container);
            Set<String> journal = new HashSet<>();
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
                    assertNotEquals(Boolean.TRUE, ref.getOptional(), name + ": " + env.getName()
                            + " is required (every node journals or reaches the jobs' journal)");
                    if (ref.getName().equals(JOURNAL_SECRET)) {
                        journal.add(env.getName());
                    }
                    Optional<Secret> secret = manifests.named(Secret.class, ref.getName());
                    if (secret.isPresent()) {
                        Map<String, String> data = new HashMap<>();
                        Optional.ofNullable(secret.get().getData()).ifPresent(data::putAll);
                        Optional.ofNullable(secret.get().getStringData()).ifPresent(data::putAll);
                        assertTrue(data.containsKey(ref.getKey()), name + ": secret " + ref.getName() + " has no " + ref.getKey());
                    }
                }
            }
            assertEquals(Set.of("LASSO_JOURNAL_URL", "LASSO_JOURNAL_USER", "LASSO_JOURNAL_PASSWORD"), journal,
                    name + ": the journal's settings from the Secret " + JOURNAL_SECRET);
        }
        if (overlay.equals("local")) {
            assertTrue(manifests.named(Secret.class, JOURNAL_SECRET).isPresent(), "the local overlay brings its Secret");
        }

        Service grpc = manifests.named(Service.class, "lasso-grpc").orElseThrow();
        List<Deployment> served = deployments.stream().filter(d -> selects(grpc.getSpec().getSelector(),
                d.getSpec().getTemplate().getMetadata().getLabels())).toList();
        assertEquals(List.of("lasso-api"), served.stream().map(d -> d.getMetadata().getName()).toList());
        for (ServicePort port : grpc.getSpec().getPorts()) {
            portExists(served.get(0).getSpec().getTemplate().getSpec().getContainers().get(0), port.getTargetPort(),
                    "service port " + port.getName());
        }

        for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
            long matched = deployments.stream().filter(d -> selects(budget.getSpec().getSelector().getMatchLabels(),
                    d.getSpec().getTemplate().getMetadata().getLabels())).count();
            assertEquals(1, matched, budget.getMetadata().getName() + " selects one role's pods");
        }
        assertEquals(3, manifests.all(PodDisruptionBudget.class).size());

        RoleBinding binding = manifests.named(RoleBinding.class, "lasso-pod-reader").orElseThrow();
        Role role = manifests.named(Role.class, binding.getRoleRef().getName()).orElseThrow();
        assertEquals("Role", binding.getRoleRef().getKind());
        PolicyRule rule = role.getRules().get(0);
        assertTrue(rule.getResources().contains("pods") && rule.getVerbs().containsAll(List.of("get", "watch", "list")));
        for (Subject subject : binding.getSubjects()) {
            assertTrue(manifests.named(ServiceAccount.class, subject.getName()).isPresent(), "subject " + subject.getName());
            assertEquals("lasso", subject.getNamespace());
        }
        checkNodeConfiguration(manifests, deployments);
    }

    /** The files given with --config are keys of the ConfigMap mounted where they are read. */
    private static void checkConfigFiles(Manifests manifests, String name, PodSpec pod, Container container) {
        List<String> args = container.getArgs();
        int at = args.indexOf("--config");
        assertTrue(at >= 0, name + ": a --config file");
        Path file = Path.of(args.get(at + 1));
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": nothing mounted at " + file.getParent()));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no volume " + mount.getName()));
        ConfigMap config = manifests.named(ConfigMap.class, volume.getConfigMap().getName())
                .orElseThrow(() -> new AssertionError(name + ": no ConfigMap " + volume.getConfigMap().getName()));
        assertTrue(config.getData().containsKey(file.getFileName().toString()), name + ": " + file + " is not in the ConfigMap");
        assertTrue(Set.of("serve", "worker").contains(args.get(0)), name + ": " + args);
    }

    /**
     * The HOCON the nodes read: Cluster Bootstrap through the Kubernetes API with a label selector that
     * matches every Lasso pod, and the ports it names are the containers' ports of those names.
     */
    private static void checkNodeConfiguration(Manifests manifests, List<Deployment> deployments) throws IOException {
        ConfigMap map = manifests.named(ConfigMap.class, "lasso-config").orElseThrow();
        Path dir = Files.createTempDirectory("lasso-config");
        for (Map.Entry<String, String> file : map.getData().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        // The pod's environment, as the variables ${?POD_IP} and the others find it.
        Config environment = ConfigFactory.parseMap(Map.of("POD_IP", "10.0.0.7", "LASSO_JOURNAL_URL",
                "jdbc:postgresql://db:5432/lasso", "LASSO_JOURNAL_USER", "u", "LASSO_JOURNAL_PASSWORD", "p"));
        Config api = ConfigFactory.parseFile(dir.resolve("api.conf").toFile())
                .withFallback(environment)
                .withFallback(ConfigFactory.load())
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        Config worker = ConfigFactory.parseFile(dir.resolve("lasso.conf").toFile())
                .withFallback(environment)
                .withFallback(ConfigFactory.load())
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        assertEquals(List.of("api"), api.getStringList("akka.cluster.roles"));
        assertTrue(api.getBoolean("lasso.cluster.bootstrap"));
        assertEquals(List.of(), api.getStringList("akka.cluster.seed-nodes"));
        assertEquals("10.0.0.7", api.getString("akka.remote.artery.canonical.hostname"));
        assertEquals("kubernetes-api",
                api.getString("akka.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
        String selector = api.getString("akka.discovery.kubernetes-api.pod-label-selector").formatted(
                api.getString("akka.management.cluster.bootstrap.contact-point-discovery.service-name"));
        String[] pair = selector.split("=");
        int pods = 0;
        for (Deployment deployment : deployments) {
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertEquals(pair[1], labels.get(pair[0]), deployment.getMetadata().getName() + " is a contact point");
            Map<String, Integer> ports = ports(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
            assertEquals(api.getInt("akka.management.http.port"), ports.get("management"));
            assertEquals(api.getInt("lasso.metrics.port"), ports.get("metrics"));
            assertEquals(api.getInt("akka.remote.artery.canonical.port"), ports.get("remoting"));
            pods += deployment.getSpec().getReplicas();
        }
        assertTrue(api.getInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr") <= pods);
        assertEquals(api.getInt("lasso.grpc.port"), ports(manifests.named(Deployment.class, "lasso-api").orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0)).get("grpc"));
        assertEquals("0.0.0.0", api.getString("lasso.grpc.host"), "reachable through the Service");
        // What the nodes read (lasso.journal) and what akka-persistence-jdbc's pool gets from it.
        for (Config node : List.of(api, worker)) {
            assertEquals("jdbc:postgresql://db:5432/lasso", node.getString("lasso.journal.url"),
                    "the journal settings come from the Secret");
            Config pool = Journal.configure(node).getConfig("akka-persistence-jdbc.shared-databases.slick");
            assertEquals("jdbc:postgresql://db:5432/lasso", pool.getString("db.url"));
            assertEquals("u", pool.getString("db.user"));
            assertEquals("p", pool.getString("db.password"));
            assertEquals("org.postgresql.Driver", pool.getString("db.driver"));
            assertEquals("slick.jdbc.PostgresProfile$", pool.getString("profile"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu"})
    void modelNodesAskForAGpuOnGpuNodes(String overlay) throws Exception {
        Deployment model = read(overlay).named(Deployment.class, "lasso-model").orElseThrow();
        PodSpec pod = model.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertEquals(new Quantity("1"), container.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(new Quantity("1"), container.getResources().getRequests().get("nvidia.com/gpu"));
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertEquals("lasso:gpu", container.getImage());
        assertTrue(container.getArgs().contains("model"), "model nodes run the synthesizers and debuggers");
        assertTrue(container.getEnv().stream().anyMatch(env -> env.getName().equals("LASSO_MODEL_DEVICE")
                && env.getValue().equals("gpu")), "their networks on the GPU");
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/var/cache/djl")));
        assertFalse(read("local").named(Deployment.class, "lasso-model").orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getResources().getLimits().containsKey("nvidia.com/gpu"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown-field"})
    void aFieldTheModelDoesNotKnowIsFound(String name) throws Exception {
        Path dir = Files.createTempDirectory("k8s-" + name);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [service.yaml]
                """);
        Files.writeString(dir.resolve("service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  selector: {app: x}
                  ports: [{port: 1, targetPrt: 2}]
                """);
        List<String> unknown = new ArrayList<>();
        for (ObjectNode document : Kustomization.render(dir)) {
            unknownFields(JSON.treeToValue(document, Service.class), "Service s", unknown, new IdentityHashMap<>());
        }
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).contains("[targetPrt]"), unknown.toString());
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resource: [service.yaml]
                """);
        try {
            Kustomization.render(dir);
            fail("an unknown kustomization field is an error");
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("resource"), e.getMessage());
        }
    }
}
