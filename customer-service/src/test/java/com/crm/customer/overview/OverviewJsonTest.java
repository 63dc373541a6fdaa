package com.crm.customer.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.customer.overview.CustomerOverview.ContactSection;
import com.crm.customer.overview.CustomerOverview.LastContact;
import com.crm.customer.overview.CustomerOverview.LoyaltySection;
import com.crm.customer.overview.CustomerOverview.NextDue;
import com.crm.customer.overview.CustomerOverview.OpenComplaint;
import com.crm.customer.overview.CustomerOverview.PolicyWindow;
import com.crm.customer.overview.CustomerOverview.ProfileSection;
import com.crm.customer.overview.CustomerOverview.Rfm;
import com.crm.customer.overview.CustomerOverview.Score;
import com.crm.customer.overview.CustomerOverview.TimelineEntry;
import com.crm.customer.overview.CustomerOverview.TimelineSection;
import com.crm.customer.overview.CustomerOverview.ValueSection;
import com.crm.customer.overview.CustomerOverview.VoiceSection;
import com.crm.customer.profile.Consent;
import com.crm.customer.profile.ConsentChannel;
import com.crm.customer.profile.ConsentStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The spliced overview must be exactly what serialising the whole {@link CustomerOverview} gives. */
class OverviewJsonTest {

    private static final Instant T = Instant.parse("2026-12-06T09:30:00.123456Z");
    private static final UUID ID = UUID.fromString("0b7f3c1e-3a52-4c1e-9a7e-5d1b2c3d4e5f");

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final OverviewJson json = new OverviewJson(mapper);

    private final ProfileSection profile = new ProfileSection(
            CustomerOverview.KNOWN,
            T,
            "PERSON",
            "Zoë \"Quote\" O'Brien \\ 王",
            null,
            "zoe@example.com",
            "+8613812345678",
            "CN-31",
            "Asia/Shanghai",
            "owner-1",
            List.of("vip", "b2c"),
            Map.of("member_since", "2020-01-01"),
            T.minusSeconds(86_400),
            7);
    private final Map<ConsentChannel, Consent> consents = new EnumMap<>(Map.of(
            ConsentChannel.SMS, new Consent(ConsentStatus.WITHDRAWN, T, "app"),
            ConsentChannel.EMAIL, new Consent(ConsentStatus.GRANTED, T.minusSeconds(60), null)));

    @Test
    void splicesEverySectionIntoWhatSerialisingTheWholeOverviewGives() {
        ValueSection value = new ValueSection(
                CustomerOverview.KNOWN,
                T,
                "A",
                "2500",
                "97.5",
                "0.8731",
                "3.2",
                new Rfm((short) 5, null, (short) 4, "Champions"),
                "MATURE",
                "LOW",
                "KEY_ACCOUNT");
        ContactSection contact = new ContactSection(
                CustomerOverview.KNOWN,
                T,
                List.of(new LastContact("EMAIL", "OUTBOUND", T), new LastContact("PHONE", "INBOUND", T)),
                new NextDue(UUID.randomUUID(), "Gold care", "PHONE", T.plusSeconds(3600)),
                "PHONE",
                List.of(new PolicyWindow(
                        UUID.randomUUID(),
                        "3 sales calls a month",
                        null,
                        "SALES",
                        3,
                        "P30D",
                        3,
                        0,
                        T.plusSeconds(7200))),
                consents);
        List<OpenComplaint> complaints = List.of(
                new OpenComplaint(UUID.randomUUID(), "BILLING", "CRITICAL", "EMAIL", T, T.plusSeconds(60), "BREACHED"),
                new OpenComplaint(UUID.randomUUID(), "DELIVERY", null, "PHONE", T, null, "ON_TRACK"));
        VoiceSection voice = new VoiceSection(
                CustomerOverview.KNOWN, T, new Score(9, "promoter", T), null, new Score(2, null, T), complaints);
        TimelineSection timeline = new TimelineSection(
                CustomerOverview.KNOWN,
                T,
                List.of(
                        new TimelineEntry(
                                UUID.randomUUID(),
                                T,
                                "EMAIL",
                                "OUTBOUND",
                                "CALL",
                                "SALES",
                                "REACHED",
                                "agent-1",
                                60,
                                null,
                                false),
                        new TimelineEntry(
                                UUID.randomUUID(),
                                T.minusSeconds(5),
                                "SMS",
                                "INBOUND",
                                "SMS",
                                null,
                                null,
                                null,
                                null,
                                "campaign-1",
                                true)));
        var loyalty = new LoyaltySection(CustomerOverview.KNOWN, T, 4200L, "GOLD", T.minusSeconds(60));
        CustomerOverview whole = new CustomerOverview(ID, profile, value, contact, voice, timeline, loyalty);

        byte[] spliced = json.body(
                ID,
                profile,
                json.value(value),
                json.contact(new ContactSection(
                        contact.status(),
                        contact.asOf(),
                        contact.lastContacts(),
                        contact.nextDue(),
                        contact.preferredChannel(),
                        contact.policyWindows(),
                        null)),
                consents,
                json.voice(new VoiceSection(
                        voice.status(), voice.asOf(), voice.nps(), voice.csat(), voice.ces(), List.of())),
                complaints.stream()
                        .map(c -> json.complaint(new OpenComplaint(
                                c.complaintId(),
                                c.category(),
                                c.severity(),
                                c.channel(),
                                c.openedAt(),
                                c.dueAt(),
                                null)))
                        .toList(),
                List.of(SlaStatus.BREACHED, SlaStatus.ON_TRACK),
                json.timeline(timeline),
                json.loyalty(loyalty));

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(whole));
    }

    @Test
    void unreportedSectionsReadUnknownExactlyAsBefore() {
        CustomerOverview whole = new CustomerOverview(
                ID,
                profile,
                ValueSection.unknown(),
                new ContactSection(CustomerOverview.UNKNOWN, null, List.of(), null, null, List.of(), Map.of()),
                new VoiceSection(CustomerOverview.UNKNOWN, null, null, null, null, List.of()),
                new TimelineSection(CustomerOverview.UNKNOWN, null, List.of()),
                LoyaltySection.unknown());

        byte[] spliced = json.body(ID, profile, null, null, Map.of(), null, List.of(), List.of(), null, null);

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo(mapper.writeValueAsString(whole));
    }
}
