package com.crm.webhook.subscription;

import com.crm.support.audit.AuditTrail;
import com.crm.support.json.JsonBinder;
import com.crm.support.json.JsonMergePatch;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.web.ETags;
import com.crm.webhook.WebhookCaller;
import com.crm.webhook.WebhookProperties;
import com.crm.webhook.signature.WebhookSignature;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Subscriptions: validated against the allow-list and the platform's event types; secrets encrypted at rest. */
@Service
public class SubscriptionService {

    static final int MAX_EVENT_TYPES = 50;
    static final String SECRET_REGEX = "^whsec_[A-Za-z0-9+/]+={0,2}$";

    /** What a client sends to create a subscription, or a subscription's editable fields after a merge patch. */
    public record SubscriptionInput(
            @NotBlank
            @Size(max = 2000)
            @Schema(
                    format = "uri",
                    example = "https://erp.example.com/crm-hooks",
                    description = "Absolute http(s) URL matched by crm.webhook.allowed-targets; internal addresses "
                            + "are refused unless an allow-list entry names the host")
            String targetUrl,

            @NotNull
            @Size(min = 1, max = MAX_EVENT_TYPES)
            @ArraySchema(
                    schema =
                            @Schema(
                                    pattern = EventTypePattern.SYNTAX_REGEX,
                                    maxLength = 200,
                                    example = "crm.customer.*",
                                    description =
                                            "An event type (GET /api/webhooks/subscriptions/event-types), a prefix ending "
                                                    + "in .* or *"))
            List<String> eventTypes,

            @Size(min = 38, max = 94)
            @Pattern(regexp = SECRET_REGEX, message = "whsec_ followed by the base64 of 24 to 64 random bytes")
            @Schema(
                    description = "The signing secret (Standard Webhooks): whsec_ followed by the base64 of 24 to 64 "
                            + "random bytes; a generated one when left out on creation",
                    example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            String secret,

            @Size(max = 500) String description,

            @Schema(description = "Default true; false pauses deliveries")
            Boolean active,

            @Schema(
                    description = "Default false. true: the receiver is another company, so an event about a customer "
                            + "is delivered only while that customer's separate consent to sharing "
                            + "(THIRD_PARTY_SHARING, channel ALL) is GRANTED (PIPL Art. 23); when it stops, the "
                            + "customer's undelivered deliveries are dropped (PURGED). The sharing decision itself "
                            + "(crm.customer.consent-purpose-changed) and crm.customer.erased are delivered regardless",
                    defaultValue = "false")
            Boolean thirdParty) {}

    /** A subscription as the API shows it; {@code secret} only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionView(
            UUID id,
            String targetUrl,
            List<String> eventTypes,
            String description,
            boolean active,

            @Schema(
                    description = "The receiver is another company: it gets a customer's events only while the "
                            + "customer's THIRD_PARTY_SHARING consent is GRANTED")
            boolean thirdParty,

            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            long version,
            String secret) {

        SubscriptionView withSecret(String plain) {
            return new SubscriptionView(
                    id,
                    targetUrl,
                    eventTypes,
                    description,
                    active,
                    thirdParty,
                    createdBy,
                    createdAt,
                    updatedAt,
                    version,
                    plain);
        }
    }

    /** What the worker needs to send: where, and the HMAC key that signs. */
    public record Target(UUID id, String targetUrl, byte[] signingKey, boolean active) {}

    private static final String SUBJECT = "webhook-subscription";
    private static final String UNSHARED = "third-party sharing not granted: subscription became third-party";

    private final SubscriptionRepository repository;
    private final TargetPolicy targets;
    private final EventTypeCatalog catalog;
    private final SecretCipher cipher;
    private final JsonBinder binder;
    private final JsonMapper json;
    private final Clock clock;
    private final WebhookProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final AuditTrail audit;

    SubscriptionService(
            SubscriptionRepository repository,
            TargetPolicy targets,
            EventTypeCatalog catalog,
            SecretCipher cipher,
            JsonBinder binder,
            JsonMapper json,
            Clock clock,
            WebhookProperties properties,
            AuditTrail audit) {
        this.audit = audit;
        this.properties = properties;
        this.repository = repository;
        this.targets = targets;
        this.catalog = catalog;
        this.cipher = cipher;
        this.binder = binder;
        this.json = json;
        this.clock = clock;
    }

    /** Creates a subscription owned by the caller's client. */
    @Transactional
    public SubscriptionView create(SubscriptionInput in, WebhookCaller caller) {
        SubscriptionInput valid = validate(in);
        repository.lockOwner(caller.clientId()); // concurrent creations of one client are counted one by one
        int max = properties.maxSubscriptionsPerClient();
        if (repository.countOwnedBy(caller.clientId()) >= max) {
            throw ApiException.ruleViolation(
                    "Subscription limit reached",
                    "Client " + caller.clientId() + " already has " + max + " subscriptions, the most "
                            + "crm.webhook.max-subscriptions-per-client (" + max + ") allows; delete one first");
        }
        String secret = valid.secret() != null ? valid.secret() : generateSecret();
        UUID id = UUID.randomUUID();
        Instant now = now();
        repository.insert(id, valid, cipher.encrypt(secret, id), caller.clientId(), now);
        audit.record(
                "webhook-subscription.created",
                SUBJECT,
                id,
                Map.of(
                        "owner",
                        caller.clientId(),
                        "targetHost",
                        host(valid.targetUrl()),
                        "thirdParty",
                        Boolean.TRUE.equals(valid.thirdParty())));
        return get(id, caller).withSecret(secret);
    }

    /** The subscription, when the caller may see it (its own; an admin's: any); else 404. */
    public SubscriptionView get(UUID id, WebhookCaller caller) {
        return repository.find(id, caller.ownerFilter()).orElseThrow(() -> ApiException.notFound("Subscription", id));
    }

    /** The caller's subscriptions (an admin's: all), oldest first. */
    public CursorPage<SubscriptionView> list(WebhookCaller caller, int limit, String cursor) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<SubscriptionView> rows = repository.list(caller.ownerFilter(), after, limit + 1);
        return CursorPage.of(rows, limit, s -> new KeysetCursor(s.createdAt(), s.id()).encode(), s -> s);
    }

    /**
     * JSON Merge Patch of targetUrl, eventTypes, description, active, thirdParty and secret (a new one; never shown).
     */
    @Transactional
    public SubscriptionView patch(UUID id, WebhookCaller caller, String ifMatch, JsonNode patch) {
        SubscriptionView current = lock(id, caller);
        ETags.requireMatch(ifMatch, current.version());
        if (patch == null || !patch.isObject()) {
            throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "a JSON Merge Patch is an object");
        }
        ObjectNode document = json.createObjectNode();
        document.put("targetUrl", current.targetUrl());
        document.set("eventTypes", json.valueToTree(current.eventTypes()));
        document.put("description", current.description());
        document.put("active", current.active());
        document.put("thirdParty", current.thirdParty());
        JsonNode merged = JsonMergePatch.apply(document, patch);
        SubscriptionInput valid = validate(binder.read(merged, SubscriptionInput.class));
        if (valid.active() == null) {
            throw ApiException.invalid("active", ErrorCode.REQUIRED, "true or false");
        }
        if (valid.thirdParty() == null) {
            // removing it must not lift the consent check by falling back to the default
            throw ApiException.invalid("thirdParty", ErrorCode.REQUIRED, "true or false");
        }
        repository.update(id, valid, valid.secret() == null ? null : cipher.encrypt(valid.secret(), id), now());
        if (valid.thirdParty() != current.thirdParty()) {
            // what was queued for a first party must not reach another company without the customers' consent
            int dropped = valid.thirdParty() ? repository.purgeUnshared(id, UNSHARED) : 0;
            audit.record(
                    "webhook-subscription.third-party-changed",
                    SUBJECT,
                    id,
                    Map.of(
                            "owner",
                            String.valueOf(current.createdBy()),
                            "thirdParty",
                            valid.thirdParty(),
                            "purged",
                            dropped));
        }
        if (!valid.targetUrl().equals(current.targetUrl())) {
            // where a customer stream goes is the change that matters: who repointed it, from where to where
            audit.record(
                    "webhook-subscription.target-changed",
                    SUBJECT,
                    id,
                    Map.of(
                            "owner", String.valueOf(current.createdBy()),
                            "fromHost", host(current.targetUrl()),
                            "toHost", host(valid.targetUrl())));
        }
        if (valid.secret() != null) {
            audit.record(
                    "webhook-subscription.secret-rotated",
                    SUBJECT,
                    id,
                    Map.of("owner", String.valueOf(current.createdBy())));
        }
        return get(id, caller);
    }

    /** Deletes the subscription with its deliveries and their log; 404 unless the caller may see it. */
    @Transactional
    public void delete(UUID id, WebhookCaller caller) {
        if (!repository.delete(id, caller.ownerFilter())) {
            throw ApiException.notFound("Subscription", id);
        }
        audit.record("webhook-subscription.deleted", SUBJECT, id, Map.of());
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * Every subscription with its type patterns, for the intake: a paused (inactive) one still collects its
     * deliveries, sent when it is active again.
     */
    public List<Subscribed> all() {
        return repository.all();
    }

    /** @param thirdParty the receiver is another company: only customers who granted sharing */
    public record Subscribed(UUID id, List<EventTypePattern> patterns, boolean thirdParty) {

        public boolean wants(String type) {
            return patterns.stream().anyMatch(p -> p.matches(type));
        }
    }

    public Target target(UUID id) {
        return repository
                .target(id)
                .map(t -> new Target(t.id(), t.targetUrl(), signingKey(t), t.active()))
                .orElse(null);
    }

    /**
     * The HMAC key of a stored secret: the base64 after {@code whsec_}, or, for a secret stored before deliveries
     * were signed per Standard Webhooks (any printable string), its UTF-8 bytes until it is replaced.
     */
    private byte[] signingKey(SubscriptionRepository.StoredTarget target) {
        String secret = cipher.decrypt(target.secretCiphertext(), target.id(), target.legacyCipher());
        byte[] key = target.rawSecret() ? null : WebhookSignature.keyOf(secret);
        return key != null ? key : secret.getBytes(StandardCharsets.UTF_8);
    }

    private SubscriptionInput validate(SubscriptionInput in) {
        if (in == null) {
            throw ApiException.invalid("$", ErrorCode.REQUIRED, "a subscription is required");
        }
        List<FieldViolation> errors = new ArrayList<>(binder.violations(in));
        if (errors.stream().noneMatch(e -> e.field().equals("targetUrl"))) {
            TargetPolicy.Refusal refusal = targets.check(in.targetUrl());
            if (refusal != null) {
                errors.add(new FieldViolation(
                        "targetUrl", refusal.errorCode(), refusal.code() + ": " + refusal.message()));
            }
        }
        if (in.secret() != null && errors.stream().noneMatch(e -> e.field().equals("secret"))) {
            byte[] key = WebhookSignature.keyOf(in.secret());
            if (key == null) {
                errors.add(new FieldViolation("secret", ErrorCode.INVALID_FORMAT, "whsec_ followed by base64"));
            } else if (key.length < WebhookSignature.MIN_KEY_BYTES) {
                errors.add(new FieldViolation("secret", ErrorCode.TOO_SHORT, "at least 24 bytes after whsec_"));
            } else if (key.length > WebhookSignature.MAX_KEY_BYTES) {
                errors.add(new FieldViolation("secret", ErrorCode.TOO_LONG, "at most 64 bytes after whsec_"));
            }
        }
        List<String> types = in.eventTypes() == null ? List.of() : in.eventTypes();
        for (int i = 0; i < Math.min(types.size(), MAX_EVENT_TYPES); i++) {
            String type = types.get(i);
            String field = "eventTypes[" + i + "]";
            if (!EventTypePattern.wellFormed(type)) {
                errors.add(new FieldViolation(
                        field, ErrorCode.INVALID_FORMAT, "an event type, a prefix ending in .* (crm.customer.*) or *"));
            } else if (catalog.matching(new EventTypePattern(type)).isEmpty()) {
                errors.add(new FieldViolation(
                        field,
                        ErrorCode.INVALID_VALUE,
                        "selects none of the platform's event types: "
                                + String.join(", ", catalog.types().keySet())));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new SubscriptionInput(
                in.targetUrl(),
                List.copyOf(new LinkedHashSet<>(types)),
                in.secret(),
                in.description(),
                in.active(),
                in.thirdParty());
    }

    private String generateSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return WebhookSignature.SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    private SubscriptionView lock(UUID id, WebhookCaller caller) {
        return repository.lock(id, caller.ownerFilter()).orElseThrow(() -> ApiException.notFound("Subscription", id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
