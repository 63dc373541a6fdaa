package com.crm.customer.profile;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A customer as clients write it: the body of POST, and the document a PATCH merge-patches.
 * Every string and list is bounded; unknown fields are refused.
 */
@Schema(name = "CustomerInput")
public record CustomerInput(
        @NotNull CustomerType type,

        @Size(max = 200) @Schema(description = "Defaults to the person's names or the company")
        String displayName,

        @Size(max = 100) String givenName,
        @Size(max = 100) String familyName,
        @Size(max = 20) List<@NotNull @Valid EmailInput> emails,
        @Size(max = 20) List<@NotNull @Valid PhoneInput> phones,
        @Size(max = 64) String wechatId,
        @Size(max = 10) List<@NotNull @Valid AddressInput> addresses,
        @Size(max = 200) String company,
        @Size(max = 100) String jobTitle,
        @Size(max = 100) String industry,
        @Past LocalDate birthday,
        @Size(max = 100) String region,

        @Size(max = 64)
        @Schema(
                description = "IANA time zone, e.g. Asia/Shanghai; contact quiet hours use it",
                example = "Asia/Shanghai")
        String timeZone,

        @Size(max = 50) List<@NotBlank @Size(max = 50) String> tags,

        @Size(max = 64)
        @Schema(
                description = "The owning user's id (the token's sub); a person registering a customer owns it "
                        + "unless another owner is given")
        String ownerId,

        @Size(max = 64)
        @Schema(
                description = "The owning team's id; defaults to the registering person's team. Decides, with "
                        + "ownerId, who may see the customer")
        String teamId,

        @Schema(description = "Free JSON object, at most 100 keys and 16 KiB")
        @Size(max = 100, message = "at most 100 keys")
        Map<String, Object> attributes,

        @Valid Map<ConsentChannel, @NotNull @Valid ConsentInput> consents,

        @Schema(
                description = "Custom property values by the property's name (see /api/customer-properties), typed "
                        + "as the definition says; null removes one")
        Map<String, JsonNode> properties) {

    public record EmailInput(
            @NotBlank @Email @Size(max = 254) String address,
            @Size(max = 30) String label,

            @Schema(description = "At most one primary entry; default false")
            Boolean primary) {}

    public record PhoneInput(
            @NotBlank @Size(max = 40) @Schema(description = "Any dialable form; stored as E.164")
            String number,

            @Size(max = 30) String label,

            @Schema(description = "At most one primary entry; default false")
            Boolean primary) {}

    public record AddressInput(
            @Size(max = 30) String label,
            @Size(max = 4) List<@NotBlank @Size(max = 200) String> lines,
            @Size(max = 100) String city,
            @Size(max = 100) String region,
            @Size(max = 20) String postalCode,

            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code")
            String country) {}

    public record ConsentInput(
            @NotNull ConsentStatus status,

            @Size(max = 100) @Schema(description = "Where the consent was given or withdrawn, e.g. web-form")
            String source,

            @PastOrPresent @Schema(description = "When it was given; defaults to now")
            Instant at) {}
}
