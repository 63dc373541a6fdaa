package com.crm.support.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.support.outbox.EventOutbox;
import com.crm.test.CrmInfrastructureInitializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A periodic task that runs for a long time (a sweep over a big backlog, here one held on a latch) beside the outbox
 * relay, with virtual threads on (Spring Boot's scheduler is then a {@code SimpleAsyncTaskScheduler}, the case that
 * held the relay; the services now run with them off): events written meanwhile still reach Kafka. On Spring Boot's
 * own scheduler every fixed-delay task shared one thread, and the relay waited for the long task to end.
 */
@SpringBootTest(
        classes = LongTaskDoesNotHoldTheRelayIntegrationTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {
            "spring.application.name=scheduling-test",
            "spring.threads.virtual.enabled=true",
            "crm.outbox.poll-interval=50ms"
        })
@ContextConfiguration(initializers = CrmInfrastructureInitializer.class)
class LongTaskDoesNotHoldTheRelayIntegrationTest {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        LongTask longTask() {
            return new LongTask();
        }

        @Bean
        org.apache.kafka.clients.admin.NewTopic schedulingTestTopic() {
            return TopicBuilder.name(Topics.CUSTOMER).partitions(1).build();
        }
    }

    static class LongTask {

        @Scheduled(fixedDelay = 1000)
        void run() throws InterruptedException {
            ENTERED.countDown();
            // held until the test is done: a task that outlasts everything else the test waits for
            RELEASE.await(2, TimeUnit.MINUTES);
        }
    }

    @Autowired
    EventOutbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskScheduler scheduler;

    @Test
    void eventsReachKafkaWhileAnotherPeriodicTaskRuns() throws InterruptedException {
        try {
            assertThat(ENTERED.await(30, TimeUnit.SECONDS))
                    .as("the long task started")
                    .isTrue();
            UUID customer = UUID.randomUUID();
            transactions.executeWithoutResult(status -> outbox.appendAll(List.of(
                    new CustomerConsentChanged(customer, "EMAIL", "GRANTED", null, Instant.now(), "scheduling-test"))));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.sql("""
                                    select count(*) from crm_outbox
                                    where message_key = :key and published_at is not null""")
                                    .param("key", customer.toString())
                                    .query(Long.class)
                                    .single()
                            == 1);
            assertThat(RELEASE.getCount()).as("the long task was still running").isEqualTo(1);
            assertThat(scheduler).isInstanceOf(ThreadPoolTaskScheduler.class);
        } finally {
            RELEASE.countDown();
        }
    }
}
