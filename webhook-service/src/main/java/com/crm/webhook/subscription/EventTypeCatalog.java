package com.crm.webhook.subscription;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Every CloudEvent type of the platform, found in the contract module ({@code @EventType} records): what a
 * subscription may name, and what the intake decodes. A type added to the contracts is picked up by a rebuild.
 */
@Component
public class EventTypeCatalog {

    private static final String EVENTS_PACKAGE = "com.crm.contracts.events";

    private final Map<String, Class<? extends CrmEvent>> byType;

    public EventTypeCatalog() {
        this(scan());
    }

    EventTypeCatalog(Collection<Class<? extends CrmEvent>> classes) {
        Map<String, Class<? extends CrmEvent>> types = new TreeMap<>();
        // the audit trail is the platform's own (admins read it at /api/audit), never a webhook's to deliver
        classes.stream()
                .filter(c -> !Topics.AUDIT.equals(CrmEventCodec.describe(c).topic()))
                .forEach(c -> types.put(CrmEventCodec.describe(c).value(), c));
        this.byType = Map.copyOf(types);
    }

    public Map<String, Class<? extends CrmEvent>> types() {
        return byType;
    }

    /** The types a pattern selects; empty for an unknown type or a wildcard that selects nothing. */
    public List<String> matching(EventTypePattern pattern) {
        return byType.keySet().stream().filter(pattern::matches).sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends CrmEvent>> scan() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(EventType.class));
        List<Class<? extends CrmEvent>> found = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(EVENTS_PACKAGE)) {
            Class<?> type =
                    ClassUtils.resolveClassName(candidate.getBeanClassName(), EventTypeCatalog.class.getClassLoader());
            if (CrmEvent.class.isAssignableFrom(type)) {
                found.add((Class<? extends CrmEvent>) type);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no @EventType records found under " + EVENTS_PACKAGE);
        }
        return found;
    }
}
