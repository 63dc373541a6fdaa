package com.crm.feedback.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.support.problem.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QuestionnaireTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void npsScoresFallIntoPromoterPassiveAndDetractor() {
        assertThat(NpsCategory.of(0)).isEqualTo("detractor");
        assertThat(NpsCategory.of(6)).isEqualTo("detractor");
        assertThat(NpsCategory.of(7)).isEqualTo("passive");
        assertThat(NpsCategory.of(8)).isEqualTo("passive");
        assertThat(NpsCategory.of(9)).isEqualTo("promoter");
        assertThat(NpsCategory.of(10)).isEqualTo("promoter");
    }

    @Test
    void ratingQuestionsKeepTheirFixedRanges() {
        var csat = new Questionnaire(SurveyKind.CSAT, Questionnaire.defaults(SurveyKind.CSAT));
        assertThat(csat.answerErrors(JSON.readTree("{\"csat\":0}"))).hasSize(1);
        assertThat(csat.answerErrors(JSON.readTree("{\"csat\":5}"))).isEmpty();
        assertThat(csat.answerErrors(JSON.readTree("{\"csat\":4.5}"))).hasSize(1);
        assertThat(csat.npsCategory(csat.score(JSON.readTree("{\"csat\":2}")))).isNull();
        var ces = new Questionnaire(SurveyKind.CES, Questionnaire.defaults(SurveyKind.CES));
        assertThat(ces.answerErrors(JSON.readTree("{\"ces\":8}"))).hasSize(1);
        assertThat(ces.answerErrors(JSON.readTree("{}"))).extracting("code").containsExactly(ErrorCode.REQUIRED);
    }

    @Test
    void anNpsSurveyNeedsAnNpsQuestion() {
        var noHeadline = new Questionnaire(
                SurveyKind.NPS, List.of(new Question("why", QuestionType.TEXT, "Why?", true, null, null, null, null)));
        assertThat(noHeadline.definitionErrors()).extracting("code").containsExactly(ErrorCode.CONFLICTING);
    }

    @Test
    void definitionRulesAcrossQuestionsNameTheirMostSpecificCode() {
        var custom = new Questionnaire(
                SurveyKind.CUSTOM,
                List.of(
                        new Question("q", QuestionType.SCALE, "How much?", true, 5, 5, null, null),
                        new Question("q", QuestionType.SCALE, "How far?", true, 0, null, null, null),
                        new Question(
                                "pick",
                                QuestionType.SINGLE_CHOICE,
                                "Which?",
                                true,
                                null,
                                null,
                                List.of("a", "a"),
                                null),
                        new Question("wide", QuestionType.SCALE, "How wide?", true, 0, 101, null, null)));
        assertThat(custom.definitionErrors())
                .extracting(e -> e.field() + ":" + e.code())
                .containsExactly(
                        "questions[0].max:empty-range",
                        "questions[1].id:duplicate",
                        "questions[1].max:required",
                        "questions[2].options:duplicate",
                        "questions[3].max:out-of-range");
    }

    @Test
    void aTextAnswerIsTextOfTheAllowedLengthAndNotBlankWhenRequired() {
        var text = new Questionnaire(
                SurveyKind.CUSTOM, List.of(new Question("why", QuestionType.TEXT, "Why?", true, null, null, null, 5)));
        assertThat(text.answerErrors(JSON.readTree("{\"why\":7}")))
                .extracting("code")
                .containsExactly(ErrorCode.TYPE_MISMATCH);
        assertThat(text.answerErrors(JSON.readTree("{\"why\":\"too long\"}")))
                .extracting("code")
                .containsExactly(ErrorCode.TOO_LONG);
        assertThat(text.answerErrors(JSON.readTree("{\"why\":\"  \"}")))
                .extracting("code")
                .containsExactly(ErrorCode.REQUIRED);
        assertThat(text.answerErrors(JSON.readTree("{\"why\":\"fine\"}"))).isEmpty();
    }
}
