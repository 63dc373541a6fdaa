package com.crm.bench;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every consumer pays per record before applying it: decoding the structured CloudEvent and binding its data to
 * the contract record ({@code CrmEventCodec.decode} + {@code data}), for a purchase and a registration in turn. The
 * {@code bytes} figure binds the data as it was bound before (written back to bytes and parsed again), the
 * {@code tree} figure as consumers do now (from the tree the decoding built). CPU only: no Kafka, no database.
 */
final class DecodeBenchmark {

    private final int events;
    private final int rounds;

    DecodeBenchmark(Map<String, String> options) {
        events = Integer.parseInt(options.getOrDefault("events", "200000"));
        rounds = Integer.parseInt(options.getOrDefault("rounds", "6"));
    }

    void run() {
        CrmEventCodec codec = new CrmEventCodec("/crm/customer-service");
        UUID id = UUID.randomUUID();
        Instant at = Instant.now();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tier", "gold");
        properties.put("visits", 12);
        properties.put("limit", 1250.75);
        byte[][] payloads = {
            codec.encode(
                            new PurchaseRecorded(
                                    id, UUID.randomUUID(), "erp", "E-1", at, "120.50", "CNY", 2, "store", null),
                            at,
                            Map.of())
                    .payload(),
            codec.encode(
                            new CustomerRegistered(
                                    id,
                                    new CustomerSnapshot(
                                            id,
                                            "PERSON",
                                            "ACME",
                                            "buyer",
                                            "retail",
                                            "east",
                                            List.of("a", "b"),
                                            "agent-1",
                                            Map.of("EMAIL", "GRANTED", "SMS", "WITHDRAWN"),
                                            at,
                                            at,
                                            3,
                                            "Asia/Shanghai",
                                            "north",
                                            properties)),
                            at,
                            Map.of())
                    .payload()
        };
        Class<?>[] types = {PurchaseRecorded.class, CustomerRegistered.class};
        for (int round = 1; round <= rounds; round++) {
            double bytes = perEvent(payloads, types, true);
            double tree = perEvent(payloads, types, false);
            System.out.printf(
                    "DECODE round %d of %d: %,d events each, decode + bind: bytes %.2f µs/event, tree %.2f µs/event%n",
                    round, rounds, events, bytes, tree);
        }
    }

    private double perEvent(byte[][] payloads, Class<?>[] types, boolean viaBytes) {
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            int k = i & 1;
            CloudEvent event = CrmEventCodec.decode(payloads[k]);
            if (viaBytes) {
                event = CloudEventBuilder.v1(event)
                        .withData(BytesCloudEventData.wrap(event.getData().toBytes()))
                        .build();
            }
            sink += CrmEventCodec.data(event, types[k]).hashCode();
        }
        double micros = (System.nanoTime() - start) / 1000.0 / events;
        if (sink == 42) {
            System.out.print("");
        }
        return micros;
    }
}
