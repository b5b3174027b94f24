package com.rcistream.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.rcistream.testing.EmbeddedKafka;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;

/**
 * The packaged application shares one Kafka producer among its Kafka endpoints (config/SharedKafkaProducers): after a
 * sweep that wrote to several topics, its JVM holds one Kafka producer (Kafka registers an MBean per producer, read
 * here over JMX) and that producer sent every record on every topic the bundle wrote.
 */
class SharedKafkaProducersIT {

    static final int CUSTOMERS = 60;
    static final Pattern FINISHED = Pattern.compile("sweep \\S+ finished");

    @RegisterExtension
    static EmbeddedKafka kafka = new EmbeddedKafka();

    @Test
    void oneProducerSendsEveryRecordOfEveryTopicASweepWrites() throws Exception {
        int jmxPort = KafkaAndHttpPorts.freePort();
        List<String> app = new ArrayList<>(PackagedApp.oneSimulatedSweep(CUSTOMERS, 20));
        app.add("-Dkafka.bootstrap.servers=" + kafka.bootstrapServers());
        // sweeps once and stays, its endpoints started, to be looked at
        app.add("-Drci.poll.max-sweeps=0");
        app.addAll(List.of(
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false"));
        Started started = PackagedApp.start(app);
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !started.process().isAlive()
                            || FINISHED.matcher(started.output()).find());
            assertTrue(started.process().isAlive(), "the application stopped:\n" + started.output());

            Map<String, Long> written = recordsPerTopic();
            assertTrue(
                    written.keySet()
                            .containsAll(Set.of(
                                    "rci.customers",
                                    "rci.customers.email-marketing",
                                    "rci.customers.sms-marketing",
                                    "rci.customers.fingerprints",
                                    "rci.customers.state")),
                    "the sweep wrote through several endpoints: " + written);
            long records = written.values().stream().mapToLong(Long::longValue).sum();

            try (JMXConnector jmx = JMXConnectorFactory.connect(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
                MBeanServerConnection beans = jmx.getMBeanServerConnection();
                Set<ObjectName> producers =
                        beans.queryNames(new ObjectName("kafka.producer:type=producer-metrics,client-id=*"), null);
                assertEquals(1, producers.size(), "Kafka producers in the application: " + producers);
                double sent = (Double) beans.getAttribute(producers.iterator().next(), "record-send-total");
                assertEquals(records, (long) sent, "records the one producer sent, against those on " + written);
            }
        } finally {
            started.process().destroy();
            if (!started.process().waitFor(60, TimeUnit.SECONDS)) {
                started.process().destroyForcibly();
            }
        }
    }

    /** The records on each topic that holds any, but the refresh requests (which only the test would write). */
    private static Map<String, Long> recordsPerTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<String, Long> records = new TreeMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, offset) -> {
                if (offset.offset() > 0) {
                    records.merge(partition.topic(), offset.offset(), Long::sum);
                }
            });
            records.remove("rci.customers.refresh-requests");
            return records;
        }
    }
}
