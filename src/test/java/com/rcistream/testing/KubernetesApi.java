package com.rcistream.testing;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * A Kubernetes API server for one test class that runs the packaged application as a pod would: fabric8's mock server
 * in CRUD mode (it keeps what is written, as the real one does, without RBAC), in the test JVM, on a dynamic port.
 * The test plays the kubelet's part with {@link #podIs}: Camel's leader election takes only Running and Ready pods as
 * members. {@code @RegisterExtension static KubernetesApi kubernetes = new KubernetesApi();}
 */
public final class KubernetesApi implements BeforeAllCallback, AfterAllCallback {

    public static final String NAMESPACE = "rci";
    /** The User-Agent of the test's own calls, which {@link #callsByOthers()} leaves out. */
    private static final String TEST_CLIENT = "rci-stream-test";

    /** The mock server logs every request it answers at INFO; held here so that the level set stays. */
    private static final Logger SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private KubernetesMockServer server;
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        SERVER_LOG.setLevel(Level.WARNING);
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url("/"))
                .withNamespace(NAMESPACE)
                .withUserAgent(TEST_CLIENT)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.destroy();
    }

    /**
     * What a pod's environment tells the application's Kubernetes client (fabric8's own settings, read by Quarkus'
     * client): the API server and the namespace, and no kubeconfig or service account of this machine.
     */
    public Map<String, String> clientEnvironment() {
        return Map.of(
                "KUBERNETES_MASTER",
                server.url("/"),
                "KUBERNETES_NAMESPACE",
                NAMESPACE,
                "KUBERNETES_AUTH_TRYKUBECONFIG",
                "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
                "false");
    }

    /** The Pod object of a replica, Running and Ready or not, as the kubelet reports it. */
    public void podIs(String name, Map<String, String> labels, boolean ready) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withLabels(labels)
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
        client.pods().resource(pod).createOr(NonDeletingOperation::update);
    }

    /** The pod is gone, as after a deletion once its containers stopped. */
    public void podGone(String name) {
        client.pods().withName(name).delete();
    }

    /** Who holds the Lease, or null. */
    public String leaseHolder(String lease) {
        Lease found = client.leases().withName(lease).get();
        return found == null || found.getSpec() == null ? null : found.getSpec().getHolderIdentity();
    }

    /** Every request the server answered so far, but the test's own. */
    public List<RecordedRequest> callsByOthers() throws InterruptedException {
        List<RecordedRequest> calls = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if (!TEST_CLIENT.equals(request.getHeader("User-Agent"))) {
                calls.add(request);
            }
        }
        return calls;
    }
}
