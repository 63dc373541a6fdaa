package com.crm.segmentation.segment;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.paging.DateRange;
import com.crm.support.problem.ApiException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Segments over time: once a day the segments whose conditions count days are recomputed (their members change as
 * days pass, with no event to say so) and every segment's size is recorded. Running twice (two replicas) changes
 * nothing more: recomputes are set-based and idempotent, and the day's size is replaced.
 */
@Service
class SegmentSizes {

    private static final Logger log = LoggerFactory.getLogger(SegmentSizes.class);

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    /** The member count recorded on a day. */
    record Size(LocalDate day, long members) {}

    private final SegmentMembership membership;
    private final SegmentSizeRepository sizes;
    private final SegmentRepository definitions;
    private final CustomerAccess access;

    SegmentSizes(
            SegmentMembership membership,
            SegmentSizeRepository sizes,
            SegmentRepository definitions,
            CustomerAccess access) {
        this.membership = membership;
        this.sizes = sizes;
        this.definitions = definitions;
        this.access = access;
    }

    @Scheduled(cron = "${crm.segmentation.segments.daily-cron:0 0 4 * * *}", zone = "UTC")
    void daily() {
        int changes = membership.refreshTimeWindows();
        int recorded = membership.snapshotSizes();
        log.info("Segments: {} joins and leaves in time-window segments, {} sizes recorded", changes, recorded);
    }

    /**
     * The recorded sizes from {@code from} to {@code to} (UTC days, default the 30 days up to today; at most 366).
     * Sizes count every member, so only callers who see every customer may read them (403 otherwise).
     */
    List<Size> series(UUID segmentId, DateRange range) {
        access.requireAll("segment sizes (counts of all members)");
        if (!definitions.exists(segmentId)) {
            throw ApiException.notFound("segment", segmentId);
        }
        return sizes.series(segmentId, range.from(), range.to());
    }

    static DateRange range(LocalDate from, LocalDate to) {
        return DateRange.resolve(from, to, LocalDate.now(ZoneOffset.UTC), DEFAULT_DAYS, MAX_DAYS);
    }
}
