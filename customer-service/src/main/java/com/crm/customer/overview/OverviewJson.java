package com.crm.customer.overview;

import com.crm.customer.overview.CustomerOverview.ContactSection;
import com.crm.customer.overview.CustomerOverview.LoyaltySection;
import com.crm.customer.overview.CustomerOverview.OpenComplaint;
import com.crm.customer.overview.CustomerOverview.ProfileSection;
import com.crm.customer.overview.CustomerOverview.TimelineSection;
import com.crm.customer.overview.CustomerOverview.ValueSection;
import com.crm.customer.overview.CustomerOverview.VoiceSection;
import com.crm.customer.profile.Consent;
import com.crm.customer.profile.ConsentChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview's JSON in pieces: the projected sections are rendered once per change (their records through the
 * application's JsonMapper, exactly as {@link CustomerOverview} would be), and a read splices them around what it
 * renders itself (the profile, the consents, the SLA status of open complaints). The body is then byte for byte what
 * serialising the whole {@link CustomerOverview} gives, without parsing and serialising the projections per request.
 * <p>
 * A section whose last field is filled in at read time is stored "open": its rendering with that field null, cut
 * after the field's name ({@code ..."consents":}), and closed by {@link #body}.
 */
@Component
class OverviewJson {

    private final JsonMapper json;
    private final String unknownValue;
    private final String unknownContact;
    private final String unknownVoice;
    private final String unknownTimeline;
    private final String unknownLoyalty;

    OverviewJson(JsonMapper json) {
        this.json = json;
        this.unknownValue = value(ValueSection.unknown());
        this.unknownContact =
                contact(new ContactSection(CustomerOverview.UNKNOWN, null, List.of(), null, null, List.of(), null));
        this.unknownVoice = voice(new VoiceSection(CustomerOverview.UNKNOWN, null, null, null, null, List.of()));
        this.unknownTimeline = timeline(new TimelineSection(CustomerOverview.UNKNOWN, null, List.of()));
        this.unknownLoyalty = loyalty(LoyaltySection.unknown());
    }

    String value(ValueSection value) {
        return json.writeValueAsString(value);
    }

    /** Open before its consents (which must be null here). */
    String contact(ContactSection contact) {
        return open(json.writeValueAsString(contact), "null");
    }

    /** Open before its open complaints (which must be empty here: they are spliced in one by one). */
    String voice(VoiceSection voice) {
        return open(json.writeValueAsString(voice), "[]");
    }

    /** Open before its SLA status (which must be null here: it depends on the time of the read). */
    String complaint(OpenComplaint complaint) {
        return open(json.writeValueAsString(complaint), "null");
    }

    String timeline(TimelineSection timeline) {
        return json.writeValueAsString(timeline);
    }

    String loyalty(LoyaltySection loyalty) {
        return json.writeValueAsString(loyalty);
    }

    /**
     * The whole overview; a null section reads {@code unknown}.
     *
     * @param complaints each open complaint's {@link #complaint rendering}
     * @param slaStatus  the SLA status of each, in the same order
     */
    byte[] body(
            UUID customerId,
            ProfileSection profile,
            String value,
            String contact,
            Map<ConsentChannel, Consent> consents,
            String voice,
            List<String> complaints,
            List<SlaStatus> slaStatus,
            String timeline,
            String loyalty) {
        StringBuilder body = new StringBuilder(8192)
                .append("{\"customerId\":\"")
                .append(customerId)
                .append("\",\"profile\":")
                .append(json.writeValueAsString(profile))
                .append(",\"value\":")
                .append(value == null ? unknownValue : value)
                .append(",\"contact\":")
                .append(contact == null ? unknownContact : contact)
                .append(json.writeValueAsString(consents))
                .append('}')
                .append(",\"voice\":");
        if (voice == null) {
            body.append(unknownVoice).append("[]}");
        } else {
            body.append(voice).append('[');
            for (int i = 0; i < complaints.size(); i++) {
                body.append(i == 0 ? "" : ",")
                        .append(complaints.get(i))
                        .append('"')
                        .append(slaStatus.get(i).name())
                        .append("\"}");
            }
            body.append("]}");
        }
        body.append(",\"timeline\":")
                .append(timeline == null ? unknownTimeline : timeline)
                .append(",\"loyalty\":")
                .append(loyalty == null ? unknownLoyalty : loyalty)
                .append('}');
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {..."last":<lastValue>}} without {@code <lastValue>}: an object whose last field comes later. */
    private static String open(String rendered, String lastValue) {
        String end = lastValue + "}";
        if (!rendered.endsWith(end)) {
            throw new IllegalStateException("expected a rendering ending with " + end + ": " + rendered);
        }
        return rendered.substring(0, rendered.length() - end.length());
    }
}
