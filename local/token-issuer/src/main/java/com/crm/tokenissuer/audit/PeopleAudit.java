package com.crm.tokenissuer.audit;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.audit.AuditRecorded;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records the admin API's changes to people and teams (a person created, their role or team changed, disabled or
 * enabled, their password reset, deleted; a team created or deleted) in the platform's audit log: a
 * {@code crm.audit.recorded} CloudEvent on {@code crm.audit.v1}, source {@code /crm/token-issuer}, that
 * customer-service appends to its append-only log ({@code GET /api/audit}). The subject is the person
 * ({@code subjectType} {@code user}, {@code subjectId} the username) or the team ({@code team}, its id), no customer;
 * the actor is the admin token's {@code sub} (a person, kind {@code USER} with their role, or a client, kind
 * {@code CLIENT}). Details hold roles, team ids and flags, never a password.
 *
 * <p>With a Kafka bootstrap configured the event goes out through an idempotent producer with {@code acks=all}, and
 * the admin call answers once the broker has it (a failure is logged with the whole entry). Without one (the issuer
 * alone, as in its own tests) the entry is only logged. The issuer keeps people in memory, so there is no outbox:
 * the change is made first, then recorded.
 */
public final class PeopleAudit implements AutoCloseable {

    public static final String SOURCE = "/crm/token-issuer";

    private static final Logger log = LoggerFactory.getLogger(PeopleAudit.class);

    private final CrmEventCodec codec = new CrmEventCodec(SOURCE);
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final Duration timeout;

    PeopleAudit(Producer<String, byte[]> producer, Clock clock, Duration timeout) {
        this.producer = producer;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Publishes to {@code crm.audit.v1} on this broker (comma-separated bootstrap servers). */
    public static PeopleAudit toKafka(String bootstrapServers, Duration timeout) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "token-issuer-audit");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // an admin call waits at most this long for the broker: metadata, then the acknowledgement
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 30_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new PeopleAudit(
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                Clock.systemUTC(),
                timeout);
    }

    /** Only logs each entry: no Kafka is configured. */
    public static PeopleAudit toLogOnly() {
        return new PeopleAudit(null, Clock.systemUTC(), Duration.ZERO);
    }

    public boolean publishes() {
        return this.producer != null;
    }

    /** Records an action on a person ({@code user}) or a team ({@code team}) by the caller of this request. */
    public void record(String action, String subjectType, String subjectId, Map<String, ?> details) {
        Actor actor = actor();
        Map<String, String> text = new TreeMap<>();
        if (details != null) {
            details.forEach((key, value) -> {
                if (value != null) {
                    text.put(key, String.valueOf(value));
                }
            });
        }
        AuditRecorded event = new AuditRecorded(
                null,
                actor.id(),
                actor.kind(),
                actor.role(),
                action,
                subjectType,
                subjectId,
                this.clock.instant().truncatedTo(ChronoUnit.MICROS),
                requestId(),
                Map.copyOf(text));
        String line = "audit " + action + " " + subjectType + "=" + subjectId + " by " + actor.kind() + " " + actor.id()
                + " (" + actor.role() + ") " + text;
        if (this.producer == null) {
            log.info("{} [no Kafka configured: logged only]", line);
            return;
        }
        CrmEventCodec.EncodedEvent encoded = this.codec.encode(event, event.occurredAt(), Map.of());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.payload());
        record.headers().add("content-type", CrmEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            this.producer.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("{} [published {} to {}]", line, encoded.id(), encoded.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("{} [NOT published: interrupted]", line);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.error("{} [NOT published to {}: {}]", line, encoded.topic(), String.valueOf(cause));
        }
    }

    private static Actor actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            String role = token.getToken().getClaimAsString("crm_role");
            return role == null
                    ? new Actor(token.getToken().getSubject(), "CLIENT", "CLIENT")
                    : new Actor(token.getToken().getSubject(), "USER", role.toUpperCase(Locale.ROOT));
        }
        if (authentication != null && authentication.getName() != null) {
            return new Actor(authentication.getName(), "USER", null);
        }
        return new Actor("token-issuer", "SYSTEM", "SYSTEM");
    }

    private static String requestId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String id = attributes.getRequest().getHeader("X-Request-Id");
            return id == null || id.isBlank() ? null : id;
        }
        return null;
    }

    @Override
    public void close() {
        if (this.producer != null) {
            this.producer.close(Duration.ofSeconds(5));
        }
    }

    private record Actor(String id, String kind, String role) {}
}
