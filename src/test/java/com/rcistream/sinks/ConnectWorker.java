package com.rcistream.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

import com.rcistream.testing.KafkaAndHttpPorts;

/**
 * A Kafka Connect worker in the test JVM, in standalone mode as a laptop's connect-standalone.sh runs it: keys as
 * strings, values through Connect's JsonConverter with schemas (the connect-json format) or the converter a test
 * names, plugins from the directory the sinks profile unpacked Debezium's JDBC sink into.
 */
final class ConnectWorker implements AutoCloseable {

    /** Connect's JsonConverter reading the envelope (rci.publish.value-format=connect-json). */
    static final Map<String, String> JSON_WITH_SCHEMAS = Map.of(
            "value.converter", "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable", "true");

    private final Connect<StandaloneHerder> connect;
    private final Path offsets;

    private ConnectWorker(Connect<StandaloneHerder> connect, Path offsets) {
        this.connect = connect;
        this.offsets = offsets;
    }

    /** A worker with this value converter ({@code value.converter} and its {@code value.converter.*}). */
    static ConnectWorker start(String bootstrapServers, Map<String, String> valueConverter) throws IOException {
        Path offsets = Files.createTempFile("rci-connect", ".offsets");
        String pluginPath = System.getProperty("connect.plugin.path", "target/connect-plugins");
        if (!Files.isDirectory(Path.of(pluginPath))) {
            throw new IOException("no Connect plugins at " + pluginPath + ": run ./mvnw verify -Psinks");
        }
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.putAll(valueConverter);
        worker.put("offset.storage.file.filename", offsets.toString());
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("plugin.path", pluginPath);
        // the plugins' service manifests, not a scan of every jar on the test classpath
        worker.put("plugin.discovery", "service_load");
        worker.put("listeners", "http://127.0.0.1:" + KafkaAndHttpPorts.freePort());
        return new ConnectWorker(new ConnectStandalone().startConnect(worker), offsets);
    }

    /** Creates (or replaces) a connector and waits until Connect accepted it. */
    void put(String name, Map<String, String> config) throws Exception {
        Map<String, String> named = new HashMap<>(config);
        named.put("name", name);
        FutureCallback<
                        org.apache.kafka.connect.runtime.Herder.Created<
                                org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>>
                done = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, named, true, done);
        done.get(60, TimeUnit.SECONDS);
    }

    /** The connector's state and its tasks' (a failed task says why in its trace). */
    ConnectorStateInfo status(String name) {
        return connect.herder().connectorStatus(name);
    }

    @Override
    public void close() throws IOException {
        connect.stop();
        connect.awaitStop();
        Files.deleteIfExists(offsets);
    }
}
