package com.crm.support.outbox;

import com.crm.contracts.Topics;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics a service creates at start when missing, all with the platform's partition count and the
 * configured replication factor ({@code crm.kafka.replication-factor}, default 1).
 */
public class CrmTopics {

    private final int replicas;

    public CrmTopics(int replicas) {
        this.replicas = replicas;
    }

    /** The topics a service publishes to. */
    public KafkaAdmin.NewTopics owned(String... topics) {
        return of(Arrays.stream(topics));
    }

    /** The dead-letter topics of the topics a service consumes. */
    public KafkaAdmin.NewTopics deadLettersOf(String... consumed) {
        return of(Arrays.stream(consumed).map(Topics::deadLetter));
    }

    private KafkaAdmin.NewTopics of(Stream<String> names) {
        return new KafkaAdmin.NewTopics(names.map(name -> TopicBuilder.name(name)
                        .partitions(Topics.DEFAULT_PARTITIONS)
                        .replicas(replicas)
                        .build())
                .toArray(NewTopic[]::new));
    }
}
