package com.crm.customer.purchase;

import com.crm.customer.profile.ExternalReference;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A purchase or refund as an ERP sends it. */
@Schema(description = "Give the customer by customerId or by customerRef (source, externalId), not both")
public record PurchaseInput(
        UUID customerId,
        @Valid ExternalReference customerRef,

        @NotBlank
        @Size(max = 50)
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only")
        String source,

        @NotBlank
        @Size(max = 100)
        @Schema(description = "The purchase's id in the source system: the same id twice " + "is one purchase")
        String erpId,

        @NotNull Instant occurredAt,

        @NotNull
        @Digits(integer = 15, fraction = 4)
        @Schema(type = "string", example = "49.90", description = "Negative for a refund")
        BigDecimal amount,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as CNY or USD")
        String currency,

        @Min(-1_000_000) @Max(1_000_000) Integer quantity,

        @Schema(description = "Defaults to REFUND for a negative amount, PURCHASE otherwise")
        PurchaseType type,

        @Size(max = 50) String channel,
        @Size(max = 200) List<@NotNull @Valid LineInput> lines) {

    public record LineInput(
            @Size(max = 100) String sku,
            @Size(max = 200) String name,
            @Size(max = 100) String category,
            @Min(-1_000_000) @Max(1_000_000) Integer quantity,

            @Digits(integer = 15, fraction = 4) @Schema(type = "string")
            BigDecimal unitPrice,

            @Digits(integer = 15, fraction = 4) @Schema(type = "string")
            BigDecimal amount) {}
}
