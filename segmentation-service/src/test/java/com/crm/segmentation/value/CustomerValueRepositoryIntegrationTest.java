package com.crm.segmentation.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.segmentation.value.CustomerValueRepository.StageMove;
import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import com.crm.test.CrmServiceTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A full run's batches are copied (binary COPY) rather than sent as arrays: every column stored exactly as given
 * (doubles bit for bit, nulls, timestamps to the microsecond), existing rows updated, the later of two rows of one
 * customer kept, and a second batch in the same transaction applied on its own; stage moves logged with their UTC day.
 */
@CrmServiceTest
class CustomerValueRepositoryIntegrationTest {

    @Autowired
    CustomerValueRepository values;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void copiedScoresAreStoredExactlyAndUpsertOverExistingRows() {
        SplittableRandom random = new SplittableRandom(7);
        Instant at = Instant.parse("2026-12-07T22:10:11.123456Z");
        List<StoredValue> batch = new ArrayList<>();
        for (int i = 0; i < CustomerValueRepository.COPY_FROM + 500; i++) {
            batch.add(value(UUID.randomUUID(), random, at, i % 7 == 0));
        }
        // ten of them already stored (the array path): the copy updates them
        transactions.executeWithoutResult(tx -> values.saveAll(batch.subList(0, 10).stream()
                .map(v -> value(v.customerId(), random, at.minusSeconds(60), false))
                .toList()));
        // one customer twice in the batch: the later row is the one stored
        StoredValue twice = value(batch.get(20).customerId(), random, at.plusSeconds(1), false);
        List<StoredValue> withTwice = new ArrayList<>(batch);
        withTwice.add(twice);
        transactions.executeWithoutResult(tx -> values.saveAll(withTwice));

        Map<UUID, StoredValue> stored =
                values.findAll(batch.stream().map(StoredValue::customerId).toList());
        assertThat(stored).hasSize(batch.size());
        for (StoredValue v : batch) {
            StoredValue expected = v.customerId().equals(twice.customerId()) ? twice : v;
            assertThat(stored.get(v.customerId())).isEqualTo(expected);
        }
    }

    @Test
    void twoCopiedBatchesInOneTransactionAreEachApplied() {
        SplittableRandom random = new SplittableRandom(11);
        Instant at = Instant.parse("2026-12-07T08:00:00Z");
        List<StoredValue> first = new ArrayList<>();
        List<StoredValue> second = new ArrayList<>();
        for (int i = 0; i < CustomerValueRepository.COPY_FROM; i++) {
            first.add(value(UUID.randomUUID(), random, at, false));
            second.add(value(UUID.randomUUID(), random, at, false));
        }
        // the second batch also rescores one customer of the first
        StoredValue again = value(first.getFirst().customerId(), random, at.plusSeconds(5), false);
        second.set(0, again);
        transactions.executeWithoutResult(tx -> {
            values.saveAll(first);
            values.saveAll(second);
        });
        List<UUID> ids = new ArrayList<>();
        first.forEach(v -> ids.add(v.customerId()));
        second.forEach(v -> ids.add(v.customerId()));
        Map<UUID, StoredValue> stored = values.findAll(ids);
        assertThat(stored).hasSize(2 * CustomerValueRepository.COPY_FROM - 1);
        assertThat(stored.get(again.customerId())).isEqualTo(again);
        assertThat(stored.get(first.get(1).customerId())).isEqualTo(first.get(1));
        assertThat(stored.get(second.get(1).customerId())).isEqualTo(second.get(1));
    }

    @Test
    void copiedStageMovesAreLoggedWithTheirUtcDay() {
        List<StageMove> moves = new ArrayList<>();
        Instant lateEvening = Instant.parse("2026-12-06T23:59:59.999999Z");
        for (int i = 0; i < CustomerValueRepository.COPY_FROM + 1; i++) {
            moves.add(new StageMove(UUID.randomUUID(), i % 2 == 0 ? null : "NEW", "ACTIVE", lateEvening));
        }
        transactions.executeWithoutResult(tx -> values.stageMovedAll(moves));
        List<UUID> ids = moves.stream().map(StageMove::customerId).toList();
        assertThat(jdbc.sql("""
                        select count(*) from stage_transition
                        where customer_id = any(:ids) and to_stage = 'ACTIVE' and at = :at and day = date '2026-12-06'""")
                        .param("ids", new SqlArrayValue("uuid", ids.toArray()))
                        .param("at", java.sql.Timestamp.from(lateEvening))
                        .query(Long.class)
                        .single())
                .isEqualTo(moves.size());
        assertThat(jdbc.sql(
                                "select count(*) from stage_transition where customer_id = any(:ids) and from_stage is null")
                        .param("ids", new SqlArrayValue("uuid", ids.toArray()))
                        .query(Long.class)
                        .single())
                .isEqualTo((moves.size() + 1) / 2);
    }

    /** A row with every kind of value: doubles without a short decimal form, and (when asked) the nullable ones null. */
    private static StoredValue value(UUID id, SplittableRandom random, Instant at, boolean nulls) {
        return new StoredValue(
                id,
                nulls ? null : (short) random.nextInt(1, 6),
                nulls ? null : (short) random.nextInt(1, 6),
                nulls ? null : (short) random.nextInt(1, 6),
                nulls ? null : "LOYAL",
                nulls ? null : random.nextDouble(),
                nulls ? null : random.nextDouble() * 7,
                nulls ? null : random.nextDouble() * 1e4,
                nulls ? null : Math.PI * random.nextDouble() * 1e5,
                nulls ? null : random.nextDouble(),
                nulls ? null : "B",
                nulls ? null : "Stars \"é\"",
                nulls ? null : 1 / 3.0,
                nulls ? "PROSPECT" : "ACTIVE",
                nulls ? null : "first purchase ✓",
                at.truncatedTo(ChronoUnit.MICROS));
    }
}
