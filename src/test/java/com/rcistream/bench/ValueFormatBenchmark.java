package com.rcistream.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.accounts.Accounts;
import com.rcistream.api.Customer;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.config.Sha256;
import com.rcistream.events.CustomerEventWriter;
import com.rcistream.simulator.Simulator;
import com.rcistream.simulator.SimulatorConfig;
import com.rcistream.testing.Settings;
import com.sun.net.httpserver.HttpServer;

/**
 * What rci.publish.value-format costs: the bytes of a customer's value (as sent, and in lz4 batches of a page of 100 as
 * the producer and the broker store them) and the CPU the event writer spends on a customer (its thread's CPU time)
 * in each format, over the simulator's customers, rounds rotating the formats' order after a warm-up round. The
 * registry formats talk to an HTTP server of the JDK's answering as a registry does: each schema is registered once,
 * in the warm-up, so the rounds measure the steady serialization. Run with scripts/bench.sh formats [N] [ROUNDS];
 * figures go to docs/benchmarks.md.
 */
public final class ValueFormatBenchmark {

    private static final int PAGE = 100;
    private static final List<String> FORMATS = List.of("json", "connect-json", "json-schema", "avro");

    public static void main(String[] args) throws IOException {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Customer> all = customers(customers);
        ObjectMapper mapper = new ObjectMapper();
        CamelContext camel = new DefaultCamelContext();
        HttpServer registry = registry();
        String url = "http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7";
        Map<String, CustomerEventWriter> writers = new HashMap<>();
        FORMATS.forEach(format -> writers.put(format, writer(mapper, format, url)));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Map<String, List<Double>>> cpu = new HashMap<>();
        for (int round = 0; round <= rounds; round++) {
            List<String> order = new ArrayList<>(FORMATS);
            java.util.Collections.rotate(order, round);
            for (String format : order) {
                long started = threads.getCurrentThreadCpuTime();
                List<byte[]> values = write(camel, writers.get(format), all);
                long written = threads.getCurrentThreadCpuTime();
                long sink = 0;
                for (byte[] value : values) {
                    sink += Sha256.of(value)[0]; // the fingerprint change detection keeps of each value
                }
                long hashed = threads.getCurrentThreadCpuTime();
                double lz4 = lz4PerRecord(values);
                long batched = threads.getCurrentThreadCpuTime();
                if (round == 0) {
                    System.out.printf(
                            "%-12s values=%d bytes_per_value=%.0f lz4_bytes_per_record_in_pages_of_%d=%.0f (%d)%n",
                            format, values.size(), mean(values), PAGE, lz4, sink & 1);
                    continue;
                }
                Map<String, List<Double>> stages = cpu.computeIfAbsent(format, f -> new java.util.LinkedHashMap<>());
                double n = all.size();
                stages.computeIfAbsent("write", k -> new ArrayList<>()).add((written - started) / 1000.0 / n);
                stages.computeIfAbsent("fingerprint", k -> new ArrayList<>()).add((hashed - written) / 1000.0 / n);
                stages.computeIfAbsent("lz4-batch", k -> new ArrayList<>()).add((batched - hashed) / 1000.0 / n);
                stages.computeIfAbsent("total", k -> new ArrayList<>()).add((batched - started) / 1000.0 / n);
            }
        }
        cpu.forEach((format, stages) -> stages.forEach((stage, runs) -> System.out.printf(
                "%-12s %-11s cpu_us_per_customer median=%.2f min=%.2f max=%.2f runs=%d%n",
                format,
                stage,
                median(runs),
                runs.stream().mapToDouble(d -> d).min().orElse(0),
                runs.stream().mapToDouble(d -> d).max().orElse(0),
                runs.size())));
        registry.stop(0);
    }

    /** The values as the producer sends them: a text's UTF-8 bytes, the wire format's bytes as they are. */
    private static List<byte[]> write(CamelContext camel, CustomerEventWriter writer, List<Customer> customers) {
        List<byte[]> values = new ArrayList<>(customers.size());
        for (Customer customer : customers) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(customer);
            writer.toEvent(exchange);
            if (!Boolean.TRUE.equals(exchange.getProperty("rciRedacted"))) {
                Object body = exchange.getMessage().getBody();
                values.add(
                        body instanceof byte[] bytes ? bytes : body.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** The bytes a record takes in lz4-compressed batches of a page's records (one topic's), headers aside. */
    private static double lz4PerRecord(List<byte[]> values) {
        long total = 0;
        for (int from = 0; from < values.size(); from += PAGE) {
            MemoryRecordsBuilder batch = MemoryRecords.builder(
                    ByteBuffer.allocate(1 << 20), Compression.lz4().build(), TimestampType.CREATE_TIME, 0);
            for (byte[] value : values.subList(from, Math.min(values.size(), from + PAGE))) {
                batch.append(0L, "6915424362761".getBytes(StandardCharsets.UTF_8), value);
            }
            total += batch.build().sizeInBytes();
        }
        return total / (double) values.size();
    }

    private static double mean(List<byte[]> values) {
        return values.stream().mapToInt(v -> v.length).average().orElse(0);
    }

    private static double median(List<Double> runs) {
        List<Double> sorted = runs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static CustomerEventWriter writer(ObjectMapper mapper, String format, String registryUrl) {
        RciConfig config = Settings.rci(Settings.with(
                "rci.publish.value-format", format,
                "rci.api.base-url", "http://127.0.0.1:8080/api/v1",
                "rci.schemas.registry-url", registryUrl));
        return new CustomerEventWriter(mapper, config, new Accounts(config, new ApiToken(config)));
    }

    /** A registry's Confluent-compatible answer to each registration: one id a distinct schema, past 0x7f. */
    private static HttpServer registry() throws IOException {
        Map<String, Integer> ids = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String schema = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] out = ("{\"id\":" + ids.computeIfAbsent(schema, s -> 131 + ids.size()) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        return server;
    }

    /** The simulator's customers (its default data set, redacted ones among them), read as the bundle reads them. */
    private static List<Customer> customers(int count) {
        SimulatorConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of("rci.simulator.customers", String.valueOf(count)), "bench", 100))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(SimulatorConfig.class)
                .build()
                .getConfigMapping(SimulatorConfig.class);
        Simulator simulator = new Simulator(config);
        List<Customer> customers = new ArrayList<>(count);
        for (String id : simulator.ids()) {
            customers.add(new Customer(id, simulator.attributes(id)));
        }
        return customers;
    }
}
