package com.rcistream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes objects as {@code kubectl kustomize} renders them (kubectl renders offline), for tests to read. A
 * test that needs them is skipped, with the reason, on a machine without kubectl; CI machines have it.
 */
final class Manifests {

    /** The repository root: Maven runs the tests there. */
    static final Path ROOT = Path.of("").toAbsolutePath();

    private static final YAMLMapper YAML = new YAMLMapper();

    private final List<JsonNode> objects;

    private Manifests(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** The root kustomization: the base in k8s/ and the ConfigMaps generated from the top-level files. */
    static Manifests rendered() {
        return render(ROOT);
    }

    /** The kustomization in the given folder. */
    static Manifests render(Path folder) {
        assumeTrue(kubectl() != null, "kubectl is not on the PATH, so the manifests cannot be rendered here");
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl().toString(), "kustomize", folder.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + folder + " did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + folder + " failed: " + Files.readString(err));
                }
                List<JsonNode> objects = new ArrayList<>();
                YAML.readerFor(JsonNode.class)
                        .readValues(Files.readString(out, StandardCharsets.UTF_8))
                        .forEachRemaining(node -> objects.add((JsonNode) node));
                return new Manifests(objects);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The root kustomization with components added, as an integrator would add them: rendered from a kustomization in
     * a folder outside the repository (a kustomization may not include a folder above its own).
     */
    static Manifests withComponents(String... components) {
        Path outside = null;
        try {
            outside = Files.createTempDirectory("rci-overlay");
            Path repo = outside.relativize(ROOT);
            StringBuilder text =
                    new StringBuilder("resources:\n  - ").append(repo).append("\ncomponents:\n");
            for (String component : components) {
                text.append("  - ").append(repo.resolve(component)).append('\n');
            }
            Files.writeString(outside.resolve("kustomization.yaml"), text);
            return render(outside);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(outside);
        }
    }

    List<JsonNode> all() {
        return objects;
    }

    List<JsonNode> all(String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    /** The one object of that kind. */
    JsonNode one(String kind) {
        List<JsonNode> found = all(kind);
        assertEquals(1, found.size(), "objects of kind " + kind);
        return found.get(0);
    }

    /** A generated ConfigMap by the name it is given in the kustomization (the rendered name adds a hash). */
    JsonNode configMap(String name) {
        List<JsonNode> found = all("ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().matches(name + "(-[a-z0-9]{10})?"))
                .toList();
        assertEquals(1, found.size(), "ConfigMaps named " + name);
        return found.get(0);
    }

    JsonNode podSpec() {
        return one("Deployment").path("spec").path("template").path("spec");
    }

    /** The application's container (the pod has exactly one). */
    JsonNode container() {
        JsonNode containers = podSpec().path("containers");
        assertEquals(1, containers.size(), "containers in the pod");
        return containers.get(0);
    }

    /** The container's environment variables by name. */
    Map<String, JsonNode> env() {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container().path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /** The literal value of an environment variable of the container. */
    String envValue(String name) {
        JsonNode entry = env().get(name);
        assertEquals(true, entry != null && entry.has("value"), "the container sets " + name + " to a value");
        return entry.path("value").asText();
    }

    /** The pod volume of that name. */
    JsonNode volume(String name) {
        for (JsonNode volume : podSpec().path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /**
     * The keys of a Secret as a page of docs/ tells the operator to create it ({@code kubectl create secret generic
     * NAME --from-literal=key=value --from-file=key=path ...}, continued over lines): each key with its literal, or
     * with {@code file:} and the local path for a file.
     */
    static Map<String, String> documentedSecret(Path page, String name) throws IOException {
        String text = Files.readString(page).replace("\\\n", " ");
        Matcher command = Pattern.compile("kubectl create secret generic " + Pattern.quote(name) + " ([^\n]*)")
                .matcher(text);
        assertTrue(command.find(), page + " tells how to create the Secret " + name);
        Map<String, String> keys = new LinkedHashMap<>();
        Matcher option = Pattern.compile("--from-(literal|file)=([^=\\s]+)=('[^']*'|\\S+)")
                .matcher(command.group(1));
        while (option.find()) {
            String value = option.group(3).replaceAll("^'|'$", "");
            keys.put(option.group(2), option.group(1).equals("file") ? "file:" + value : value);
        }
        return keys;
    }

    /** The absolute path of kubectl on the PATH, or null. */
    static Path kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
