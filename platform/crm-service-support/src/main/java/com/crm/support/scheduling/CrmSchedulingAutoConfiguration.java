package com.crm.support.scheduling;

import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Periodic work on a pool of its own ({@code crm.scheduling.pool-size}, default 4). Spring Boot's own scheduler runs
 * every fixed-delay task of a service on one single thread, one after the other (with virtual threads on it is a
 * {@code SimpleAsyncTaskScheduler}, which keeps fixed-delay tasks on its scheduler thread; without them, a pool of
 * one): a risk sweep or an import chunk that ran for seconds held up the outbox relay, so events reached Kafka that
 * much later, and every other periodic task of the service with it. On a pool, a long task holds one thread; each
 * task still never overlaps itself (fixed delay), and the tasks were written for several replicas running them at
 * once (row locks, {@code SKIP LOCKED}, advisory locks), so running side by side in one process changes nothing.
 */
@AutoConfiguration(before = TaskSchedulingAutoConfiguration.class)
public class CrmSchedulingAutoConfiguration {

    @Bean(name = "taskScheduler")
    @ConditionalOnMissingBean({TaskScheduler.class, ScheduledExecutorService.class})
    ThreadPoolTaskScheduler taskScheduler(@Value("${crm.scheduling.pool-size:4}") int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("crm.scheduling.pool-size must be at least 1");
        }
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(poolSize);
        scheduler.setThreadNamePrefix("crm-scheduling-");
        return scheduler;
    }
}
