package com.crm.loyalty.reward;

import com.crm.loyalty.reward.Redemptions.Outcome;
import com.crm.loyalty.reward.Redemptions.RedemptionInput;
import com.crm.loyalty.reward.Redemptions.RedemptionView;
import com.crm.support.audit.AuditTrail;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Rewards", description = "The reward catalogue and redemptions of points for rewards")
class RewardController {

    private final RewardRepository rewards;
    private final Redemptions redemptions;
    private final AuditTrail audit;
    private final Clock clock;

    RewardController(RewardRepository rewards, Redemptions redemptions, AuditTrail audit, Clock clock) {
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/api/loyalty/rewards")
    @Operation(summary = "The reward catalogue, oldest first; active filters by availability; keyset paged")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<Reward> list(
            @RequestParam(required = false) Boolean active,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                rewards.page(active, KeysetCursor.decode(cursor), size + 1),
                size,
                r -> new KeysetCursor(r.createdAt(), r.id()).encode(),
                r -> r);
    }

    @GetMapping("/api/loyalty/rewards/{id}")
    @ApiResponse(responseCode = "200", description = "The reward")
    @Operation(summary = "One reward with its cost and stock")
    @ApiResponse(responseCode = "404", description = "No such reward")
    Reward get(@PathVariable UUID id) {
        return rewards.find(id).orElseThrow(() -> ApiException.notFound("Reward", id));
    }

    @PostMapping("/api/loyalty/rewards")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(summary = "Add a reward to the catalogue (crm.config or crm.admin)")
    @ApiResponse(responseCode = "201", description = "Created; Location names the reward")
    @ApiResponse(responseCode = "400", description = "Invalid fields, each named")
    ResponseEntity<Reward> create(@Valid @RequestBody RewardInput in) {
        UUID id = UUID.randomUUID();
        rewards.insert(id, in, clock.instant().truncatedTo(ChronoUnit.MICROS));
        audit.record("loyalty.reward.created", "reward", id, details(in));
        return ResponseEntity.created(URI.create("/api/loyalty/rewards/" + id))
                .body(rewards.find(id).orElseThrow());
    }

    @PutMapping("/api/loyalty/rewards/{id}")
    @ApiResponse(responseCode = "200", description = "Replaced: the new reward")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(
            summary = "Replace a reward (crm.config or crm.admin)",
            description = "Sets cost, stock (null: unlimited) and active; redemptions already made stay.")
    @ApiResponse(responseCode = "404", description = "No such reward")
    Reward update(@PathVariable UUID id, @Valid @RequestBody RewardInput in) {
        if (!rewards.update(id, in)) {
            throw ApiException.notFound("Reward", id);
        }
        audit.record("loyalty.reward.updated", "reward", id, details(in));
        return rewards.find(id).orElseThrow();
    }

    @PostMapping("/api/loyalty/members/{customerId}/redemptions")
    @Operation(
            summary = "Redeem points for a reward",
            description = "Idempotent by redemptionId: the same id again answers the first redemption (200) without "
                    + "a second debit; the id used for another redemption is 409. Concurrent redemptions never "
                    + "oversell the stock nor overspend the balance. Points are taken from the oldest lots first.")
    @ApiResponse(responseCode = "201", description = "Redeemed")
    @ApiResponse(responseCode = "200", description = "This redemptionId was already redeemed: the same answer")
    @ApiResponse(responseCode = "409", description = "Out of stock, or the redemptionId names another redemption")
    @ApiResponse(responseCode = "422", description = "Insufficient points, an unknown or inactive reward")
    @ApiResponse(responseCode = "404", description = "No member (or not visible)")
    ResponseEntity<RedemptionView> redeem(@PathVariable UUID customerId, @Valid @RequestBody RedemptionInput in) {
        Outcome outcome = redemptions.redeem(customerId, in);
        return outcome.created()
                ? ResponseEntity.status(201).body(outcome.redemption())
                : ResponseEntity.ok(outcome.redemption());
    }

    private static Map<String, Object> details(RewardInput in) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("costPoints", in.costPoints());
        details.put("stock", in.stock());
        details.put("active", in.active() == null || in.active());
        return details;
    }
}
