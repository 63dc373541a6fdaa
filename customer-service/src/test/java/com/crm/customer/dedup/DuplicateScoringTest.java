package com.crm.customer.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateScoringTest {

    private static DuplicateScoring.Facts person(
            String name, Set<String> emails, Set<String> phones, LocalDate birthday) {
        return new DuplicateScoring.Facts("PERSON", name, emails, phones, null, birthday, null);
    }

    @Test
    void latinNamesMatchWhateverTheWordOrderCaseOrAccents() {
        assertThat(DuplicateScoring.nameSimilarity("Li Lei", "lei LI")).isEqualTo(1.0);
        assertThat(DuplicateScoring.nameSimilarity("José Müller", "Jose Muller"))
                .isEqualTo(1.0);
        assertThat(DuplicateScoring.nameSimilarity("Jonathan Smith", "Jonathon Smith"))
                .isGreaterThan(0.9);
        assertThat(DuplicateScoring.nameSimilarity("Anna Meyer", "Boris Petrov"))
                .isLessThan(0.7);
    }

    @Test
    void chineseNamesAreComparedCharacterByCharacter() {
        assertThat(DuplicateScoring.nameSimilarity("王小明", "王 小明")).isEqualTo(1.0);
        assertThat(DuplicateScoring.nameSimilarity("王小明", "王晓明"))
                .isGreaterThan(0.7)
                .isLessThan(1.0);
    }

    @Test
    void sharedContactPointsAndNamesScoreHighWithReasonsAndDifferentBirthdaysCountAgainst() {
        var score = DuplicateScoring.score(
                person("Zhang Wei", Set.of("zw@example.com"), Set.of(), LocalDate.of(1990, 1, 1)),
                person("Wei Zhang", Set.of("zw@example.com"), Set.of(), LocalDate.of(1990, 1, 1)));
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.reasons()).contains("same email zw@example.com", "similar name (1.00)", "same birthday");

        var sameNameOnly = DuplicateScoring.score(
                person("Zhang Wei", Set.of(), Set.of(), LocalDate.of(1990, 1, 1)),
                person("Zhang Wei", Set.of(), Set.of(), LocalDate.of(1985, 5, 5)));
        assertThat(sameNameOnly.value()).isLessThan(0.5);
        assertThat(sameNameOnly.reasons()).contains("different birthdays");
    }

    @Test
    void aPersonAndAnOrganisationAreNeverDuplicates() {
        var org = new DuplicateScoring.Facts(
                "ORGANIZATION", "Acme", Set.of("info@acme.test"), Set.of(), null, null, null);
        assertThat(DuplicateScoring.score(org, person("Acme", Set.of("info@acme.test"), Set.of(), null))
                        .value())
                .isZero();
    }
}
