package com.crm.feedback.survey;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The questions of one survey version, the rules an answer must follow, and its headline score. */
public record Questionnaire(SurveyKind kind, List<Question> questions) {

    /** The questions a survey of this kind gets when none are given: its one headline question. */
    public static List<Question> defaults(SurveyKind kind) {
        return switch (kind) {
            case NPS ->
                List.of(new Question(
                        "nps",
                        QuestionType.NPS,
                        "How likely are you to recommend us to a friend or colleague?",
                        true,
                        null,
                        null,
                        null,
                        null));
            case CSAT ->
                List.of(new Question(
                        "csat",
                        QuestionType.CSAT,
                        "How satisfied were you with our service?",
                        true,
                        null,
                        null,
                        null,
                        null));
            case CES ->
                List.of(new Question(
                        "ces",
                        QuestionType.CES,
                        "How easy was it to get your issue resolved?",
                        true,
                        null,
                        null,
                        null,
                        null));
            case CUSTOM -> List.of();
        };
    }

    /**
     * What is wrong with the definition across its questions (unique ids, ranges, options, the headline question);
     * each question's own fields are checked by the constraints declared on {@link Question}.
     */
    public List<FieldViolation> definitionErrors() {
        List<FieldViolation> errors = new ArrayList<>();
        if (questions.isEmpty()) {
            errors.add(new FieldViolation("questions", ErrorCode.TOO_FEW, "a survey needs at least one question"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            if (q == null || q.type() == null) {
                continue;
            }
            String at = "questions[" + i + "]";
            if (q.id() != null && !ids.add(q.id())) {
                errors.add(new FieldViolation(at + ".id", ErrorCode.DUPLICATE, "question ids must be unique"));
            }
            if (q.type() == QuestionType.SCALE) {
                scaleErrors(q, at).forEach(errors::add);
            }
            boolean choice = q.type() == QuestionType.SINGLE_CHOICE || q.type() == QuestionType.MULTIPLE_CHOICE;
            if (choice && (q.options() == null || q.options().size() < 2)) {
                errors.add(new FieldViolation(at + ".options", ErrorCode.TOO_FEW, "at least 2 distinct options"));
            } else if (choice
                    && new HashSet<>(q.options()).size() != q.options().size()) {
                errors.add(new FieldViolation(at + ".options", ErrorCode.DUPLICATE, "options must be distinct"));
            }
        }
        QuestionType headline = kind.headline();
        if (headline != null && questions.stream().noneMatch(q -> q != null && q.type() == headline)) {
            errors.add(new FieldViolation(
                    "questions", ErrorCode.CONFLICTING, "a " + kind + " survey needs a " + headline + " question"));
        }
        return errors;
    }

    private static List<FieldViolation> scaleErrors(Question q, String at) {
        if (q.min() == null || q.max() == null) {
            String missing = q.min() == null ? ".min" : ".max";
            return List.of(new FieldViolation(at + missing, ErrorCode.REQUIRED, "a scale needs min and max"));
        }
        if (q.min() >= q.max()) {
            return List.of(new FieldViolation(at + ".max", ErrorCode.EMPTY_RANGE, "a scale needs min < max"));
        }
        if (q.max() - q.min() > 100) {
            return List.of(new FieldViolation(at + ".max", ErrorCode.OUT_OF_RANGE, "min and max at most 100 apart"));
        }
        return List.of();
    }

    /** Every problem of an answer set, each naming its field ({@code answers.<questionId>}). */
    public List<FieldViolation> answerErrors(JsonNode answers) {
        List<FieldViolation> errors = new ArrayList<>();
        if (answers == null || !answers.isObject()) {
            return List.of(new FieldViolation("answers", ErrorCode.REQUIRED, "an object of answers by question id"));
        }
        Map<String, Question> byId = new LinkedHashMap<>();
        questions.forEach(q -> byId.put(q.id(), q));
        for (Iterator<String> names = answers.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!byId.containsKey(name)) {
                errors.add(new FieldViolation("answers." + name, ErrorCode.UNKNOWN_REFERENCE, "no such question"));
            }
        }
        for (Question q : questions) {
            String field = "answers." + q.id();
            JsonNode a = answers.get(q.id());
            if (a == null || a.isNull()) {
                if (q.isRequired()) {
                    errors.add(new FieldViolation(field, ErrorCode.REQUIRED, "this question must be answered"));
                }
                continue;
            }
            switch (q.type()) {
                case NPS, CSAT, CES, SCALE -> {
                    if (!a.isNumber()) {
                        errors.add(new FieldViolation(
                                field,
                                ErrorCode.TYPE_MISMATCH,
                                "a whole number from " + q.lower() + " to " + q.upper()));
                    } else if (!a.isIntegralNumber() || a.asInt() < q.lower() || a.asInt() > q.upper()) {
                        errors.add(new FieldViolation(
                                field,
                                ErrorCode.OUT_OF_RANGE,
                                "a whole number from " + q.lower() + " to " + q.upper()));
                    }
                }
                case SINGLE_CHOICE -> {
                    if (!a.isString() || !q.options().contains(a.asString())) {
                        errors.add(new FieldViolation(field, ErrorCode.INVALID_VALUE, "one of " + q.options()));
                    }
                }
                case MULTIPLE_CHOICE -> {
                    boolean ok = a.isArray() && !a.isEmpty();
                    Set<String> seen = new HashSet<>();
                    if (ok) {
                        for (JsonNode item : a) {
                            ok &= item.isString() && q.options().contains(item.asString()) && seen.add(item.asString());
                        }
                    }
                    if (!ok) {
                        errors.add(new FieldViolation(
                                field,
                                ErrorCode.INVALID_VALUE,
                                "a non-empty list of distinct options from " + q.options()));
                    }
                }
                case TEXT -> {
                    int max = q.maxLength() == null ? 2000 : q.maxLength();
                    if (!a.isString()) {
                        errors.add(new FieldViolation(field, ErrorCode.TYPE_MISMATCH, "text"));
                    } else if (a.asString().length() > max) {
                        errors.add(new FieldViolation(
                                field, ErrorCode.TOO_LONG, "text of at most " + max + " characters"));
                    } else if (q.isRequired() && a.asString().isBlank()) {
                        errors.add(new FieldViolation(field, ErrorCode.REQUIRED, "this question must be answered"));
                    }
                }
            }
        }
        return errors;
    }

    /** The answer to the headline question (NPS/CSAT/CES), or null. */
    public Integer score(JsonNode answers) {
        QuestionType headline = kind.headline();
        if (headline == null) {
            return null;
        }
        return questions.stream()
                .filter(q -> q.type() == headline)
                .findFirst()
                .map(q -> answers.get(q.id()))
                .filter(a -> a != null && a.isIntegralNumber())
                .map(JsonNode::asInt)
                .orElse(null);
    }

    /** promoter (9–10), passive (7–8), detractor (0–6) for an NPS survey's score; null otherwise. */
    public String npsCategory(Integer score) {
        return kind == SurveyKind.NPS && score != null ? NpsCategory.of(score) : null;
    }
}
