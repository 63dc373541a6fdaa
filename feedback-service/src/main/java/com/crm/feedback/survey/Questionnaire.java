package com.crm.feedback.survey;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The questions of one survey version, the rules an answer must follow, and its headline score. */
public record Questionnaire(SurveyKind kind, List<Question> questions) {

    /** The questions a survey of this kind gets when none are given: its one headline question. */
    public static List<Question> defaults(SurveyKind kind) {
        return switch (kind) {
            case NPS -> List.of(new Question("nps", QuestionType.NPS,
                    "How likely are you to recommend us to a friend or colleague?", true, null, null, null, null));
            case CSAT -> List.of(new Question("csat", QuestionType.CSAT,
                    "How satisfied were you with our service?", true, null, null, null, null));
            case CES -> List.of(new Question("ces", QuestionType.CES,
                    "How easy was it to get your issue resolved?", true, null, null, null, null));
            case CUSTOM -> List.of();
        };
    }

    /** What is wrong with the definition itself (ids, ranges, options, the headline question). */
    public List<FieldViolation> definitionErrors() {
        List<FieldViolation> errors = new ArrayList<>();
        if (questions.isEmpty()) {
            errors.add(new FieldViolation("questions", ErrorCode.TOO_FEW, "a survey needs at least one question"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            String at = "questions[" + i + "]";
            if (q.id() == null || !q.id().matches("[A-Za-z0-9_-]{1,64}")) {
                errors.add(new FieldViolation(at + ".id", ErrorCode.INVALID_FORMAT, "1-64 letters, digits, _ or -"));
            } else if (!ids.add(q.id())) {
                errors.add(new FieldViolation(at + ".id", ErrorCode.DUPLICATE, "question ids must be unique"));
            }
            if (q.type() == null) {
                errors.add(new FieldViolation(at + ".type", ErrorCode.REQUIRED, "must not be null"));
                continue;
            }
            if (q.text() == null || q.text().isBlank() || q.text().length() > 1000) {
                errors.add(new FieldViolation(at + ".text", ErrorCode.TOO_LONG, "1-1000 characters"));
            }
            if (q.type() == QuestionType.SCALE && (q.min() == null || q.max() == null || q.min() >= q.max()
                    || q.max() - q.min() > 100)) {
                errors.add(new FieldViolation(at + ".max", ErrorCode.OUT_OF_RANGE, "a scale needs min < max (at most 100 apart)"));
            }
            boolean choice = q.type() == QuestionType.SINGLE_CHOICE || q.type() == QuestionType.MULTIPLE_CHOICE;
            if (choice && (q.options() == null || q.options().size() < 2
                    || new HashSet<>(q.options()).size() != q.options().size())) {
                errors.add(new FieldViolation(at + ".options", ErrorCode.TOO_FEW, "at least 2 distinct options"));
            }
        }
        QuestionType headline = kind.headline();
        if (headline != null && questions.stream().noneMatch(q -> q.type() == headline)) {
            errors.add(new FieldViolation("questions", ErrorCode.CONFLICTING, "a " + kind + " survey needs a " + headline
                    + " question"));
        }
        return errors;
    }

    /** Every problem of an answer set, each naming its field ({@code answers.<questionId>}). */
    public List<FieldViolation> answerErrors(JsonNode answers) {
        List<FieldViolation> errors = new ArrayList<>();
        if (answers == null || !answers.isObject()) {
            return List.of(new FieldViolation("answers", ErrorCode.REQUIRED, "an object of answers by question id"));
        }
        Map<String, Question> byId = new java.util.LinkedHashMap<>();
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
                    if (!a.isIntegralNumber() || a.asInt() < q.lower() || a.asInt() > q.upper()) {
                        errors.add(new FieldViolation(field, ErrorCode.OUT_OF_RANGE, "a whole number from " + q.lower() + " to "
                                + q.upper()));
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
                        errors.add(new FieldViolation(field, ErrorCode.INVALID_VALUE, "a non-empty list of distinct options from "
                                + q.options()));
                    }
                }
                case TEXT -> {
                    int max = q.maxLength() == null ? 2000 : q.maxLength();
                    if (!a.isString() || a.asString().length() > max || (q.isRequired() && a.asString().isBlank())) {
                        errors.add(new FieldViolation(field, ErrorCode.TOO_LONG, "text of at most " + max + " characters"));
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
        return questions.stream().filter(q -> q.type() == headline).findFirst()
                .map(q -> answers.get(q.id())).filter(a -> a != null && a.isIntegralNumber())
                .map(JsonNode::asInt).orElse(null);
    }

    /** promoter (9–10), passive (7–8), detractor (0–6) for an NPS survey's score; null otherwise. */
    public String npsCategory(Integer score) {
        return kind == SurveyKind.NPS && score != null ? NpsCategory.of(score) : null;
    }
}
