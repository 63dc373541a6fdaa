package com.crm.interaction.check;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.util.List;
import org.springframework.http.HttpStatus;

/** A contact the policies refuse: 422 listing every reason and the earliest time it would be allowed. */
public class ContactRefusedException extends ApiException {

    private final transient ContactDecision decision;

    public ContactRefusedException(ContactDecision decision) {
        super(
                HttpStatus.UNPROCESSABLE_CONTENT,
                ProblemTypes.RULE_VIOLATION,
                "Contact refused by policy",
                decision.reasons().size() + " contact polic"
                        + (decision.reasons().size() == 1 ? "y refuses" : "ies refuse")
                        + " this contact"
                        + (decision.earliestAllowedAt() == null
                                ? ""
                                : "; allowed from " + decision.earliestAllowedAt()),
                decision.reasons().stream()
                        .map(r -> new FieldViolation("channel", ErrorCode.NOT_ALLOWED, r.rule() + ": " + r.message()))
                        .toList());
        this.decision = decision;
    }

    public ContactDecision decision() {
        return decision;
    }

    public List<ContactReason> reasons() {
        return decision.reasons();
    }
}
