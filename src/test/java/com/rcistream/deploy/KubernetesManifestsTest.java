package com.rcistream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The manifests in k8s/ and the root kustomization, as kubectl renders them: what a cluster admin checks before
 * accepting them (restricted pod, least-privilege RBAC, no secret in a ConfigMap) and what the application needs from
 * them (its configuration, one source of truth, where it reads it). What needs the running application is in
 * DeploymentOnRunningAppTest and DeploymentAsRenderedIT.
 */
class KubernetesManifestsTest {

    /** A key or variable that holds a credential, unless it only names a file that holds one. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i)(token|password|passwd|secret|jaas|credential|api.?key)");

    private static final Pattern PROPERTY = Pattern.compile("^\\s*([^#!\\s][^=:\\s]*)\\s*[=:]\\s*(.*)$");

    @Test
    void theBaseRendersAloneAndTheRootAddsTheConfiguration() {
        Set<String> kinds = Set.of(
                "Deployment",
                "ServiceAccount",
                "Role",
                "RoleBinding",
                "Service",
                "PodDisruptionBudget",
                "PrometheusRule");
        Manifests base = Manifests.render(Manifests.ROOT.resolve("k8s"));
        assertEquals(
                kinds, base.all().stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet()));

        Manifests root = Manifests.rendered();
        Set<String> withConfig = new TreeSet<>(kinds);
        withConfig.add("ConfigMap");
        assertEquals(
                withConfig,
                root.all().stream().map(o -> o.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(3, root.all("ConfigMap").size(), "the configuration, the routes and the environment");
        assertEquals(List.of(), root.all("Secret"), "Secrets are created by the operator, never rendered from git");
    }

    @Test
    void configMapsHoldTheTopLevelFilesAsTheyAreAndEveryRouteFile() throws IOException {
        Manifests manifests = Manifests.rendered();

        JsonNode config = manifests.configMap("rci-stream-config").path("data");
        assertEquals(
                Files.readString(Path.of("application.properties")),
                config.path("application.properties").asText());

        JsonNode routes = manifests.configMap("rci-stream-routes").path("data");
        Map<String, String> files = routeFiles();
        assertEquals(
                files.keySet(),
                fieldNames(routes),
                "every file of routes/ is in the ConfigMap (kustomize takes no"
                        + " wildcard: list a new file in the root kustomization.yaml)");
        files.forEach((name, text) -> assertEquals(text, routes.path(name).asText(), name));
    }

    @Test
    void theConfigurationIsMountedWhereTheApplicationReadsIt() throws IOException {
        assertReadWhereMounted(Manifests.rendered());
        assertReadWhereMounted(Manifests.withComponents("k8s/components/native"));
    }

    /**
     * The application reads quarkus.config.locations and camel.main.routes-include-pattern relative to its working
     * directory (the built-in file and the top-level file say so); the ConfigMaps must be mounted at those paths.
     */
    private static void assertReadWhereMounted(Manifests manifests) throws IOException {
        Path workingDir = Path.of(manifests.container().path("workingDir").asText());
        assertTrue(workingDir.isAbsolute(), "the container names its working directory");
        String locations = property(Path.of("src/main/resources/application.properties"), "quarkus.config.locations");
        String pattern = manifests.container().path("args").toString().contains("routes-include-pattern")
                ? argument(manifests, "-Dcamel.main.routes-include-pattern=")
                : property(Path.of("src/main/resources/application.properties"), "camel.main.routes-include-pattern");

        JsonNode config = mountAt(manifests, workingDir.resolve(locations));
        assertEquals("application.properties", config.path("subPath").asText());
        assertTrue(manifests
                .volume(config.path("name").asText())
                .path("configMap")
                .path("name")
                .asText()
                .startsWith("rci-stream-config"));
        for (String each : pattern.split(",")) {
            assertTrue(each.startsWith("file:routes/"), "routes read relative to the working directory: " + each);
            Path routesDir =
                    workingDir.resolve(each.substring("file:".length())).getParent();
            JsonNode routes = mountAt(manifests, routesDir);
            assertTrue(manifests
                    .volume(routes.path("name").asText())
                    .path("configMap")
                    .path("name")
                    .asText()
                    .startsWith("rci-stream-routes"));
        }
    }

    @Test
    void aChangedRouteFileRenamesItsConfigMapSoThePodRollsOut() throws IOException {
        Path copy = Files.createTempDirectory("rci-kustomize");
        try {
            for (String part : List.of("kustomization.yaml", "application.properties", "k8s", "routes")) {
                copyTree(Path.of(part), copy.resolve(part));
            }
            String before = routesVolumeConfigMap(Manifests.render(copy));
            Path route = copy.resolve("routes/fan-out.yaml");
            Files.writeString(route, Files.readString(route) + "\n# changed\n");
            String after = routesVolumeConfigMap(Manifests.render(copy));

            assertTrue(before.startsWith("rci-stream-routes-"), "a generated, hashed name: " + before);
            assertNotEquals(before, after, "the pod template names the new ConfigMap, so the Deployment rolls");
        } finally {
            Manifests.deleteTree(copy);
        }
    }

    @Test
    void manyStoresReadEveryTokenFromTheAccountsSecretMountedWholeInPlaceOfTheOneToken() {
        Manifests manifests = Manifests.withComponents("k8s/components/many-stores");
        Map<String, JsonNode> env = manifests.env();
        assertEquals("/var/run/secrets/rci-accounts", manifests.envValue("RCI_ACCOUNTS_TOKEN_DIR"));
        assertFalse(env.containsKey("RCI_API_TOKEN_FILE"), "the one token is not used: " + env.keySet());
        JsonNode mount = null;
        for (JsonNode m : manifests.container().path("volumeMounts")) {
            assertNotEquals("api-token", m.path("name").asText(), "the one token's Secret is not mounted");
            if (m.path("mountPath").asText().equals("/var/run/secrets/rci-accounts")) {
                mount = m;
            }
        }
        assertTrue(mount != null && mount.path("subPath").isMissingNode(), "mounted whole (subPath never updates)");
        String secret = null;
        for (JsonNode volume : manifests.podSpec().path("volumes")) {
            if (volume.path("name").asText().equals(mount.path("name").asText())) {
                secret = volume.path("secret").path("secretName").asText();
            }
        }
        assertEquals("rci-stream-accounts", secret);
    }

    @Test
    void onePodThatNeverOverlapsAnotherEvenDuringARollout() {
        JsonNode spec = Manifests.rendered().one("Deployment").path("spec");

        assertEquals(1, spec.path("replicas").asInt(), "one replica; components/two-replicas adds a standby");
        assertEquals(
                "Recreate", spec.path("strategy").path("type").asText(), "the old pod stops before the new starts");
    }

    @Test
    void everyReplicaTakesPartInLeaderElectionUnderItsPodNameWithTheDeploymentsOwnPods() {
        for (Manifests manifests :
                List.of(Manifests.rendered(), Manifests.withComponents("k8s/components/two-replicas"))) {
            Map<String, JsonNode> env = manifests.env();
            assertEquals("true", manifests.envValue("RCI_LEADER_ELECTION_ENABLED"));
            assertEquals(
                    "metadata.name",
                    env.get("RCI_LEADER_ELECTION_POD_NAME")
                            .path("valueFrom")
                            .path("fieldRef")
                            .path("fieldPath")
                            .asText(),
                    "the Lease records the pod's own name (downward API)");
            assertEquals(
                    "metadata.namespace",
                    env.get("KUBERNETES_NAMESPACE")
                            .path("valueFrom")
                            .path("fieldRef")
                            .path("fieldPath")
                            .asText(),
                    "the Lease and the members are looked up in the pod's namespace");

            Map<String, String> podLabels = strings(manifests
                    .one("Deployment")
                    .path("spec")
                    .path("template")
                    .path("metadata")
                    .path("labels"));
            Map<String, String> selector = new TreeMap<>();
            for (String pair :
                    manifests.envValue("RCI_LEADER_ELECTION_POD_SELECTOR").split(",")) {
                selector.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            assertFalse(selector.isEmpty(), "the members are this Deployment's pods, not every pod of the namespace");
            assertTrue(
                    podLabels.entrySet().containsAll(selector.entrySet()),
                    "the pods carry the labels the election selects: " + selector + " in " + podLabels);
        }
    }

    @Test
    void thePodRunsRestrictedWithOnlyTmpWritable() {
        Manifests manifests = Manifests.rendered();
        JsonNode pod = manifests.podSpec();
        JsonNode container = manifests.container();
        JsonNode security = container.path("securityContext");

        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertEquals(
                "RuntimeDefault",
                pod.path("securityContext").path("seccompProfile").path("type").asText());
        assertTrue(security.path("runAsNonRoot").asBoolean());
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(security.path("privileged").asBoolean(false));
        assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString());
        assertTrue(security.path("capabilities").path("add").isMissingNode(), "no capability added");
        assertEquals(
                "RuntimeDefault", security.path("seccompProfile").path("type").asText());
        assertFalse(
                pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false));

        List<String> writable = new ArrayList<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            if (!mount.path("readOnly").asBoolean(false)) {
                writable.add(mount.path("mountPath").asText());
                assertTrue(
                        manifests.volume(mount.path("name").asText()).has("emptyDir"),
                        "a writable mount is an emptyDir");
            }
        }
        assertEquals(List.of("/tmp"), writable, "the only writable mount");
        pod.path("volumes").forEach(v -> assertFalse(v.has("hostPath"), "no hostPath volume"));
    }

    @Test
    void theTokenIsASecretFileReadThroughTokenFileAndFollowsRotation() {
        Manifests manifests = Manifests.rendered();
        String tokenFile = manifests.envValue("RCI_API_TOKEN_FILE");
        JsonNode mount = mountHolding(manifests, tokenFile);

        JsonNode volume = manifests.volume(mount.path("name").asText());
        assertEquals(
                "rci-stream-api-token", volume.path("secret").path("secretName").asText());
        assertFalse(volume.path("secret").path("optional").asBoolean(false), "no token, no start");
        assertTrue(mount.path("subPath").isMissingNode(), "a subPath mount would never see a rotated Secret");
        assertEquals("token", Path.of(tokenFile).getFileName().toString(), "the key of the Secret");
        assertFalse(manifests.env().containsKey("RCI_API_TOKEN"), "the token is not an environment variable");
    }

    @Test
    void noSecretValueInAnyConfigMapOrEnvironmentVariable() {
        Manifests manifests = Manifests.rendered();
        List<String> leaks = new ArrayList<>();
        for (JsonNode configMap : manifests.all("ConfigMap")) {
            String name = configMap.path("metadata").path("name").asText();
            configMap.path("data").properties().forEach(entry -> {
                if (holdsSecret(entry.getKey(), entry.getValue().asText())) {
                    leaks.add(name + "/" + entry.getKey());
                }
                for (String line : entry.getValue().asText().split("\n")) {
                    Matcher property = PROPERTY.matcher(line);
                    if (property.matches() && holdsSecret(property.group(1), property.group(2))) {
                        leaks.add(name + "/" + entry.getKey() + ": " + line);
                    }
                }
            });
        }
        manifests.env().forEach((name, entry) -> {
            if (entry.has("value") && holdsSecret(name, entry.path("value").asText())) {
                leaks.add("env " + name);
            }
            if (SECRET_NAME.matcher(name).find() && !name.endsWith("_FILE")) {
                assertTrue(entry.path("valueFrom").has("secretKeyRef"), name + " comes from a Secret");
            }
        });
        assertEquals(List.of(), leaks, "credentials written in the manifests");
    }

    @Test
    void theRoleAllowsExactlyWhatCamelsLeaderElectionCalls() {
        Manifests manifests = Manifests.rendered();
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (JsonNode rule : manifests.one("Role").path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    Set<String> verbs =
                            allowed.computeIfAbsent(group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
                    rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                }
            }
        }
        // camel-kubernetes 4.17: NativeLeaseResourceManager (get, create, update) and
        // KubernetesLeadershipController.pullClusterMembers (pods, list).
        assertEquals(
                Map.of("coordination.k8s.io/leases", Set.of("get", "create", "update"), "/pods", Set.of("list")),
                allowed);

        JsonNode binding = manifests.one("RoleBinding");
        assertEquals(
                manifests.one("Role").path("metadata").path("name").asText(),
                binding.path("roleRef").path("name").asText());
        assertEquals(
                manifests.podSpec().path("serviceAccountName").asText(),
                binding.path("subjects").get(0).path("name").asText());
        assertEquals(
                manifests.one("ServiceAccount").path("metadata").path("name").asText(),
                manifests.podSpec().path("serviceAccountName").asText());
    }

    @Test
    void theMetricsServiceAndTheDisruptionBudgetSelectThePod() {
        Manifests manifests = Manifests.rendered();
        Map<String, String> podLabels = strings(manifests
                .one("Deployment")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels"));
        JsonNode service = manifests.one("Service");
        JsonNode annotations = service.path("metadata").path("annotations");

        assertTrue(podLabels
                .entrySet()
                .containsAll(strings(service.path("spec").path("selector")).entrySet()));
        assertFalse(strings(service.path("spec").path("selector")).isEmpty());
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        JsonNode port = service.path("spec").path("ports").get(0);
        assertEquals(
                annotations.path("prometheus.io/port").asText(),
                port.path("port").asText());
        assertEquals(
                manifests.container().path("ports").get(0).path("name").asText(),
                port.path("targetPort").asText());

        JsonNode budget = manifests.one("PodDisruptionBudget").path("spec");
        assertEquals(podLabels, strings(budget.path("selector").path("matchLabels")));
        assertEquals(1, budget.path("maxUnavailable").asInt(), "one pod may go at a time; a drain is never blocked");
    }

    @Test
    void theContainerPortIsTheOneQuarkusListensOn() throws IOException {
        Manifests manifests = Manifests.rendered();
        Pattern setsPort = Pattern.compile("(?m)^\\s*(%prod\\.)?quarkus\\.http\\.port\\s*[=:]");

        assertEquals(
                8080,
                manifests.container().path("ports").get(0).path("containerPort").asInt());
        assertFalse(manifests.env().containsKey("QUARKUS_HTTP_PORT"));
        for (Path file :
                List.of(Path.of("application.properties"), Path.of("src/main/resources/application.properties"))) {
            assertFalse(
                    setsPort.matcher(Files.readString(file)).find(), file + " leaves Quarkus on its default port 8080");
        }
    }

    @Test
    void theHeapLeavesRoomForTheRestOfTheJvmWithinTheMemoryLimit() {
        Manifests manifests = Manifests.rendered();
        JsonNode resources = manifests.container().path("resources");
        long limit = mebibytes(resources.path("limits").path("memory").asText());
        long heap = limit * Integer.parseInt(manifests.envValue("JAVA_MAX_MEM_RATIO")) / 100;

        assertEquals(
                resources.path("requests").path("memory").asText(),
                resources.path("limits").path("memory").asText(),
                "memory requested as much as the limit: the pod is never evicted for using what it was allowed");
        assertTrue(resources.path("limits").has("cpu")
                && resources.path("requests").has("cpu"));
        // Metaspace (about 80 MiB for this application), code cache, thread stacks and Kafka's buffers live outside the
        // heap; DeploymentAsRenderedIT measures the whole process under these settings.
        assertTrue(
                limit - heap >= 192,
                "at least 192 MiB outside the heap: limit " + limit + " MiB, heap " + heap + " MiB");
    }

    @Test
    void theNativeComponentNamesEveryRouteFileAndTheSecondReplicaComponentRollsOneAtATime() throws IOException {
        Manifests nativeImage = Manifests.withComponents("k8s/components/native");
        assertTrue(nativeImage.container().path("image").asText().startsWith("rci-stream-native:"));
        assertFalse(nativeImage.env().containsKey("JAVA_MAX_MEM_RATIO"), "no JVM, no run-java.sh");
        assertTrue(nativeImage.container().path("args").toString().contains("-Xmx"), "a native heap ceiling");
        String pattern = argument(nativeImage, "-Dcamel.main.routes-include-pattern=");
        assertFalse(pattern.contains("*"), "a native executable cannot expand a wildcard: " + pattern);
        Set<String> listed = Stream.of(pattern.split(","))
                .map(p -> Path.of(p.trim()).getFileName().toString())
                .collect(Collectors.toSet());
        assertEquals(routeFiles().keySet(), listed, "the native component names every file of routes/");

        JsonNode twoReplicas = Manifests.withComponents("k8s/components/two-replicas")
                .one("Deployment")
                .path("spec");
        assertEquals(2, twoReplicas.path("replicas").asInt());
        assertEquals("RollingUpdate", twoReplicas.path("strategy").path("type").asText());
        assertEquals(
                0,
                twoReplicas
                        .path("strategy")
                        .path("rollingUpdate")
                        .path("maxSurge")
                        .asInt());
    }

    @Test
    void bothImagesRunAsANonRootUser() throws IOException {
        for (String dockerfile : List.of("src/main/docker/Dockerfile.jvm", "src/main/docker/Dockerfile.native")) {
            List<String> users = Files.readAllLines(Path.of(dockerfile)).stream()
                    .filter(line -> line.startsWith("USER "))
                    .map(line -> line.substring(5).trim())
                    .toList();
            assertFalse(users.isEmpty(), dockerfile + " sets a USER");
            String last = users.get(users.size() - 1);
            assertTrue(
                    last.matches("[1-9][0-9]*"),
                    dockerfile + ": a numeric non-root uid, which runAsNonRoot can" + " check: " + last);
        }
    }

    /** Whether a key that names a credential is given a value that is neither empty, a ${reference} nor a file. */
    private static boolean holdsSecret(String key, String value) {
        String v = value.trim();
        return SECRET_NAME.matcher(key).find()
                && !key.toLowerCase().matches(".*[-_.]file")
                && !v.isEmpty()
                && !v.matches("\\$\\{[^}]+}");
    }

    private static JsonNode mountAt(Manifests manifests, Path path) {
        for (JsonNode mount : manifests.container().path("volumeMounts")) {
            if (path.equals(Path.of(mount.path("mountPath").asText()))) {
                return mount;
            }
        }
        throw new AssertionError("nothing is mounted at " + path + ", where the application reads");
    }

    /** The value of a key in a properties file, without its profile variants. */
    private static String property(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            Matcher m = PROPERTY.matcher(line);
            if (m.matches() && m.group(1).equals(key)) {
                return m.group(2).trim();
            }
        }
        throw new AssertionError(file + " does not set " + key);
    }

    /** The value of a -Dkey= argument of the container. */
    private static String argument(Manifests manifests, String prefix) {
        for (JsonNode arg : manifests.container().path("args")) {
            if (arg.asText().startsWith(prefix)) {
                return arg.asText().substring(prefix.length());
            }
        }
        throw new AssertionError("no argument " + prefix);
    }

    private static JsonNode mountHolding(Manifests manifests, String file) {
        for (JsonNode mount : manifests.container().path("volumeMounts")) {
            if (Path.of(file).getParent().equals(Path.of(mount.path("mountPath").asText()))) {
                return mount;
            }
        }
        throw new AssertionError("no volume is mounted where " + file + " is read");
    }

    private static String routesVolumeConfigMap(Manifests manifests) {
        return manifests.volume("routes").path("configMap").path("name").asText();
    }

    /** The files of routes/ by name, with their text. */
    static Map<String, String> routeFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            for (Path file : list.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertTrue(quantity.endsWith("Mi"), "a memory quantity in Mi or Gi: " + quantity);
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        }
    }
}
