package com.crm.webhook.delivery;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.webhook.sharing.CustomerSharing;
import com.crm.webhook.subscription.EventTypeCatalog;
import com.crm.webhook.subscription.SubscriptionService;
import com.crm.webhook.subscription.SubscriptionService.Subscribed;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns every platform event into one pending delivery per subscription whose patterns match (a paused one collects
 * them too), in the transaction that records the event as processed: a redelivered event (or a replayed topic) adds
 * nothing, and {@code unique (subscription_id, event_id)} holds even so.
 * <p>
 * {@code crm.customer.merged} moves the merged customers' deliveries to the survivor (one ordered queue, and a later
 * erasure of the survivor reaches them); the events themselves are sent as published. {@code crm.customer.erased}
 * first purges the stored payloads of that customer's deliveries (undelivered ones are dropped as PURGED), then is
 * itself delivered, so receivers learn to erase their copy.
 * <p>
 * A third-party subscription (the receiver is another company) gets an event about a customer only while the
 * customer's separate consent to sharing is GRANTED (PIPL Art. 23; {@link CustomerSharing}, kept here from
 * {@code crm.customer.consent-purpose-changed}). When sharing stops, the customer's undelivered deliveries to third
 * parties are dropped; the decision itself and an erasure still reach them, since they carry no personal data and
 * tell the receiver to stop or to erase.
 */
@Component
class EventIntake {

    static final String CONSUMER = "webhook-intake";
    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    private final IdempotentEventProcessor processor;
    private final SubscriptionService subscriptions;
    private final DeliveryRepository deliveries;
    private final Clock clock;
    private final CrmEventHandlers handlers;
    private final CustomerSharing sharing;
    private final EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
    private static final Set<String> ALWAYS = Set.of(
            CrmEventCodec.describe(CustomerMerged.class).value(),
            CrmEventCodec.describe(CustomerErased.class).value(),
            // the sharing projection must follow every decision, also while no subscription wants the type
            CrmEventCodec.describe(CustomerConsentPurposeChanged.class).value());
    /** The subscriptions as read at the start of the listener thread's current batch. */
    private final ThreadLocal<List<Subscribed>> current = new ThreadLocal<>();

    EventIntake(
            IdempotentEventProcessor processor,
            SubscriptionService subscriptions,
            DeliveryRepository deliveries,
            Clock clock,
            EventTypeCatalog catalog,
            CustomerSharing sharing) {
        this.processor = processor;
        this.sharing = sharing;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.clock = clock;
        CrmEventHandlers.Builder builder = CrmEventHandlers.builder();
        catalog.types().values().forEach(type -> register(builder, type));
        // an event no subscription wants is passed by without a write; merges, erasures and consent decisions
        // always count, they change deliveries already queued or to come. The subscriptions are read once per batch.
        this.handlers = builder.beforeBatch(current::remove)
                .onlyWhile(
                        type -> ALWAYS.contains(type) || subscribed().stream().anyMatch(s -> s.wants(type)))
                .build();
    }

    private List<Subscribed> subscribed() {
        List<Subscribed> all = current.get();
        if (all == null) {
            all = subscriptions.all();
            current.set(all);
        }
        return all;
    }

    private <T extends CrmEvent> void register(CrmEventHandlers.Builder builder, Class<T> type) {
        builder.onWithEnvelope(type, this::accept);
    }

    @KafkaListener(
            topics = {
                Topics.CUSTOMER,
                Topics.PURCHASE,
                Topics.INTERACTION,
                Topics.SEGMENTATION,
                Topics.FEEDBACK,
                Topics.LOYALTY
            },
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void accept(CrmEvent data, CloudEvent event) {
        String customer = data.customerId().toString();
        // an erasure or a sharing decision tells a receiver to erase or to stop, without personal data: a third
        // party gets it whatever the customer's sharing status
        boolean notice = false;
        if (data instanceof CustomerMerged merged && merged.mergedIds() != null) {
            // the merged customers' deliveries are the survivor's now: one queue, and its erasure reaches them
            for (UUID id : merged.mergedIds()) {
                deliveries.moveCustomer(id.toString(), customer);
            }
            // the survivor's carried sharing decision comes as its own event; the merged ids get no more events
            sharing.forget(merged.mergedIds().stream()
                    .filter(id -> !id.equals(merged.customerId()))
                    .toList());
        }
        if (data instanceof CustomerErased) {
            int purged = deliveries.purgePayloads(customer);
            sharing.forget(List.of(data.customerId()));
            notice = true;
            log.info("Customer {} erased: purged {} webhook payloads", customer, purged);
        }
        if (data instanceof CustomerConsentPurposeChanged change && CustomerSharing.decides(change)) {
            notice = sharingDecided(change, event);
        }
        String body = null;
        Boolean shared = null;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (Subscribed subscription : subscribed()) {
            if (!subscription.wants(event.getType())) {
                continue;
            }
            if (subscription.thirdParty() && !notice) {
                if (shared == null) {
                    shared = sharing.granted(data.customerId());
                }
                if (!shared) {
                    continue;
                }
            }
            if (body == null) {
                body = new String(format.serialize(event), StandardCharsets.UTF_8);
            }
            deliveries.insertPending(subscription.id(), event.getId(), event.getType(), customer, body, now);
        }
    }

    /**
     * Keeps the decision if it is the newest; when it is anything but GRANTED, drops what is still queued for third
     * parties, so nothing more about the customer leaves for them.
     *
     * @return whether it is the customer's current decision (an older one, arriving late, changes nothing)
     */
    private boolean sharingDecided(CustomerConsentPurposeChanged change, CloudEvent event) {
        Instant at = change.changedAt() != null
                ? change.changedAt()
                : event.getTime() != null ? event.getTime().toInstant() : clock.instant();
        if (!sharing.record(change.customerId(), change.status(), at)) {
            return false;
        }
        if (!CustomerSharing.GRANTED.equals(change.status())) {
            int dropped = deliveries.purgeThirdParty(
                    change.customerId().toString(),
                    "third-party sharing not granted: " + CustomerSharing.PURPOSE + " " + change.status());
            if (dropped > 0) {
                log.info(
                        "Customer {} sharing {}: dropped {} deliveries to third parties",
                        change.customerId(),
                        change.status(),
                        dropped);
            }
        }
        return true;
    }
}
