package com.crm.interaction.agent.fit;

import java.util.List;

/** A candidate that passed the hard filters, with their score and the reasons adding up to it. */
public record RankedCandidate(Candidate candidate, double score, List<Reason> reasons) {

    public RankedCandidate {
        reasons = List.copyOf(reasons);
    }
}
