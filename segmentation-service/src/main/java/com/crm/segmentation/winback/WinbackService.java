package com.crm.segmentation.winback;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.segmentation.segment.StaticLists;
import com.crm.support.audit.AuditTrail;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmActor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Win-back: customers who lapsed (DECLINING, CHURNED) or whom an agent marked lost to a competitor, ranked by value at
 * stake — their net spend in the year up to their last purchase before lapsing, times the chance that customers like
 * them came back ({@link ReturnModel}) — and the return rates by cohort. Customers who withdrew PROFILING or are under
 * a fraud hold are never candidates.
 */
@Service
public class WinbackService {

    /** A lapsed customer with the value at stake and why. */
    public record WinbackCandidate(
            UUID customerId,
            String stage,
            String competitor,
            Instant lapsedAt,
            String tier,
            String clv,
            String valueBeforeLapse,
            String returnProbability,
            long similarReturned,
            long similarLapsed,
            String valueAtStake,
            String reason) {}

    /** A group's learnt rate: k of n returned within the horizon, and the shrunk probability. */
    public record GroupRate(String group, String description, long returned, long lapsed, String probability) {}

    /** The model the candidates are ranked with. */
    public record ReturnRates(
            int horizonDays,
            double priorStrength,
            LocalDate learntFrom,
            LocalDate learntTo,
            long returned,
            long lapsed,
            String overallRate,
            List<GroupRate> groups) {}

    public record CohortRow(String group, long lapsed, long returned, String rate) {}

    public record WinbackReport(
            LocalDate from,
            LocalDate to,
            int horizonDays,
            List<CohortRow> byMonth,
            List<CohortRow> byGroup,
            List<CohortRow> byCompetitor,
            List<CohortRow> byList,
            List<CohortRow> byOffer,
            String offerNote) {}

    public record Mark(UUID customerId, String competitor, String note, String markedBy, Instant markedAt) {}

    static final String OFFER_NOTE = "an offer is a coupon campaign loyalty-service issued to the customer after the "
            + "lapse began, within the horizon and before their first purchase back; 'none' is the lapses without "
            + "one, the baseline to read each campaign's rate against; a lapse with several campaigns counts under each";

    /** What filling a static list did: how many candidates were taken, and the list's change. */
    public record ListFill(UUID segmentId, int candidates, StaticLists.Change change) {}

    private final WinbackRepository repository;
    private final CustomerAccess access;
    private final AuditTrail audit;
    private final Clock clock;
    private final StaticLists lists;

    WinbackService(
            WinbackRepository repository, CustomerAccess access, AuditTrail audit, Clock clock, StaticLists lists) {
        this.lists = lists;
        this.repository = repository;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** A position in the list ordered by score (descending) then customer id (descending). */
    record After(BigDecimal score, UUID customerId) {

        /**
         * The platform's one cursor format orders by (instant, id): the score (4 decimals) rides as epoch
         * microseconds, so clients page candidates with the same opaque cursor as every other list.
         */
        KeysetCursor cursor() {
            long micros = score.movePointRight(4).longValueExact();
            return new KeysetCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), customerId);
        }

        static After of(KeysetCursor cursor) {
            if (cursor == null) {
                return null;
            }
            Instant at = cursor.at();
            if (at.isBefore(Instant.EPOCH)) {
                throw ApiException.invalid(
                        KeysetCursor.PARAMETER,
                        ErrorCode.INVALID_CURSOR,
                        "not a cursor this API issued; pass back nextCursor unchanged");
            }
            long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
            return new After(BigDecimal.valueOf(micros).movePointLeft(4), cursor.id());
        }
    }

    /** Lapses are learnt from once their horizon has passed, back to {@link ReturnModel#LOOKBACK_DAYS} before. */
    private Instant learntUntil() {
        return clock.instant().minus(Duration.ofDays(ReturnModel.HORIZON_DAYS));
    }

    private ReturnModel model() {
        Instant until = learntUntil();
        return ReturnModel.of(repository.rates(until.minus(Duration.ofDays(ReturnModel.LOOKBACK_DAYS)), until));
    }

    /** The learnt rates per group (aggregates over every customer: the same model ranks every caller's list). */
    @Transactional(readOnly = true)
    public ReturnRates returnRates() {
        Instant until = learntUntil();
        Instant since = until.minus(Duration.ofDays(ReturnModel.LOOKBACK_DAYS));
        ReturnModel model = ReturnModel.of(repository.rates(since, until));
        return new ReturnRates(
                ReturnModel.HORIZON_DAYS,
                ReturnModel.PRIOR_STRENGTH,
                since.atZone(ZoneOffset.UTC).toLocalDate(),
                until.atZone(ZoneOffset.UTC).toLocalDate(),
                model.overallReturned(),
                model.overallLapsed(),
                probability(model.overallRate()),
                model.rates().stream()
                        .map(r -> new GroupRate(
                                r.group(),
                                ReturnModel.describe(r.group()),
                                r.returned(),
                                r.lapsed(),
                                probability(r.probability())))
                        .toList());
    }

    /** A page of candidates by value at stake, within the caller's visibility. */
    @Transactional(readOnly = true)
    public CursorPage<WinbackCandidate> candidates(String stage, String competitor, After after, int limit) {
        ReturnModel model = model();
        List<ReturnModel.Rate> rates = model.rates();
        Map<String, ReturnModel.Rate> byGroup =
                rates.stream().collect(Collectors.toMap(ReturnModel.Rate::group, Function.identity()));
        List<WinbackRepository.Row> rows = repository.candidates(
                rates,
                stage,
                competitor,
                after == null ? null : after.score(),
                after == null ? null : after.customerId(),
                limit + 1,
                access.condition("p.customer_id"));
        return CursorPage.of(
                rows,
                limit,
                last -> new After(last.score(), last.customerId()).cursor().encode(),
                row -> candidate(row, byGroup.getOrDefault(row.group(), model.rate(row.group())), model));
    }

    /**
     * Adds the top {@code top} candidates (within the caller's visibility) to a static list, so that campaigns and
     * interaction-service's contact checks (purpose MARKETING) govern every contact as for any list. Idempotent:
     * members already listed stay, nobody is removed.
     */
    public ListFill fillList(UUID segmentId, int top, String stage, String competitor) {
        ReturnModel model = model();
        List<UUID> ids = repository
                .candidates(model.rates(), stage, competitor, null, null, top, access.condition("p.customer_id"))
                .stream()
                .map(WinbackRepository.Row::customerId)
                .toList();
        return new ListFill(segmentId, ids.size(), lists.add(segmentId, ids));
    }

    private static WinbackCandidate candidate(WinbackRepository.Row row, ReturnModel.Rate rate, ReturnModel model) {
        return new WinbackCandidate(
                row.customerId(),
                row.stage(),
                row.competitor(),
                row.lapsedAt(),
                row.tier(),
                row.clv() == null ? null : decimal(BigDecimal.valueOf(row.clv()), 2),
                decimal(row.valueBefore(), 2),
                probability(rate.probability()),
                rate.returned(),
                rate.lapsed(),
                decimal(row.score(), 2),
                reason(row, rate, model));
    }

    /**
     * "CHURNED since 2026-09, tier A, CLV 1,843.27; spent 2,700.00 in the year to the last purchase (2024-03-01);
     * 36 % of similar customers returned within 365 days (3 of 10: ...), shrunk toward 43 % overall (6 of 14)".
     */
    static String reason(WinbackRepository.Row row, ReturnModel.Rate rate, ReturnModel model) {
        StringBuilder s = new StringBuilder(row.stage());
        if (row.lapsedAt() != null) {
            s.append(" since ")
                    .append(DateTimeFormatter.ofPattern("yyyy-MM")
                            .format(row.lapsedAt().atZone(ZoneOffset.UTC)));
        }
        if (row.competitor() != null) {
            s.append(", lost to ").append(row.competitor());
        }
        if (row.tier() != null) {
            s.append(", tier ").append(row.tier());
        }
        if (row.clv() != null) {
            s.append(", CLV ").append(ReturnModel.money(row.clv()));
        }
        s.append("; spent ").append(ReturnModel.money(row.valueBefore().doubleValue()));
        s.append(
                row.lastPurchase() == null
                        ? " (no purchase)"
                        : " in the year to the last purchase (" + row.lastPurchase() + ")");
        if (rate.probability() == null) {
            s.append("; no lapse has been followed for ")
                    .append(ReturnModel.HORIZON_DAYS)
                    .append(" days yet: ranked by value alone");
        } else {
            s.append("; ")
                    .append(ReturnModel.percent(rate.probability()))
                    .append(" of similar customers returned within ")
                    .append(ReturnModel.HORIZON_DAYS)
                    .append(" days (")
                    .append(rate.returned())
                    .append(" of ")
                    .append(rate.lapsed())
                    .append(": ")
                    .append(ReturnModel.describe(rate.group()))
                    .append("), shrunk toward ")
                    .append(ReturnModel.percent(Objects.requireNonNull(model.overallRate())))
                    .append(" overall (")
                    .append(model.overallReturned())
                    .append(" of ")
                    .append(model.overallLapsed())
                    .append(")");
        }
        return s.toString();
    }

    /** Lapses that started in {@code [from, to]} (UTC days) and their returns, counting only visible customers. */
    @Transactional(readOnly = true)
    public WinbackReport report(LocalDate from, LocalDate to) {
        Instant f = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant t = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        var visible = access.condition("e.customer_id");
        return new WinbackReport(
                from,
                to,
                ReturnModel.HORIZON_DAYS,
                rows(repository.report(WinbackRepository.Dimension.MONTH, f, t, visible)),
                rows(repository.report(WinbackRepository.Dimension.FEATURES, f, t, visible)),
                rows(repository.report(WinbackRepository.Dimension.COMPETITOR, f, t, visible)),
                rows(repository.reportBy(WinbackRepository.Treatment.LIST, f, t, visible)),
                rows(repository.reportBy(WinbackRepository.Treatment.OFFER, f, t, visible)),
                OFFER_NOTE);
    }

    private static List<CohortRow> rows(List<WinbackRepository.Cohort> cohorts) {
        return cohorts.stream()
                .map(c -> new CohortRow(
                        c.group(),
                        c.lapsed(),
                        c.returned(),
                        c.lapsed() == 0 ? null : probability((double) c.returned() / c.lapsed())))
                .toList();
    }

    /** Marks the customer lost to {@code competitor}; the same mark again changes nothing. */
    @Transactional
    public Mark markLost(UUID customerId, String competitor, String note) {
        requireVisible(customerId);
        // as PostgreSQL stores it: the answer to the first call equals the answer to a repeated one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        WinbackRepository.Mark current = repository.mark(customerId).orElse(null);
        boolean standing = current != null
                && current.competitor().equals(competitor)
                && !repository.purchasedAfter(customerId, current.markedAt());
        if (standing && Objects.equals(current.note(), note)) {
            return view(current);
        }
        // a note edited on a standing mark keeps when the customer was lost; a new competitor, or a mark after a
        // return, is a new loss
        WinbackRepository.Mark saved = new WinbackRepository.Mark(
                customerId, competitor, note, CrmActor.current().id(), standing ? current.markedAt() : now, now);
        repository.saveMark(saved);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("competitor", competitor);
        details.put("previousCompetitor", current == null ? null : current.competitor());
        audit.record("winback.lost-to-competitor.marked", "customer", customerId, customerId, details);
        return view(saved);
    }

    /** Removes the mark; removing none changes nothing. */
    @Transactional
    public void unmarkLost(UUID customerId) {
        requireVisible(customerId);
        WinbackRepository.Mark current = repository.mark(customerId).orElse(null);
        if (current != null && repository.deleteMark(customerId)) {
            audit.record(
                    "winback.lost-to-competitor.unmarked",
                    "customer",
                    customerId,
                    customerId,
                    Map.of("competitor", current.competitor()));
        }
    }

    private void requireVisible(UUID customerId) {
        // a customer outside the caller's visibility answers as an unknown one: its existence is not revealed
        if (!repository.active(customerId) || !access.visible(customerId)) {
            throw ApiException.notFound("customer", customerId);
        }
    }

    private static Mark view(WinbackRepository.Mark m) {
        return new Mark(m.customerId(), m.competitor(), m.note(), m.markedBy(), m.markedAt());
    }

    private static String probability(Double p) {
        return p == null
                ? null
                : BigDecimal.valueOf(p).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    private static String decimal(BigDecimal v, int scale) {
        return v == null ? null : v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
