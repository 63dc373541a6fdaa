package com.crm.customer.profile;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What differs between two versions of a profile, named as the API names its fields. */
final class ProfileChanges {

    private ProfileChanges() {}

    static List<String> changedFields(Profile before, Profile after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent component : Profile.class.getRecordComponents()) {
            try {
                Object a = component.getAccessor().invoke(before);
                Object b = component.getAccessor().invoke(after);
                if (!Objects.equals(a, b)) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }

    /** Channels whose consent status moved (a new record with the same status is not a move). */
    static Set<ConsentChannel> consentMoves(Profile before, Profile after) {
        Set<ConsentChannel> moved = EnumSet.noneOf(ConsentChannel.class);
        after.consents().forEach((channel, consent) -> {
            Consent old = before == null ? null : before.consents().get(channel);
            if (old == null || old.status() != consent.status()) {
                moved.add(channel);
            }
        });
        return moved;
    }
}
