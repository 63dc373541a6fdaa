package com.crm.customer.quality;

import com.crm.customer.profile.CustomerType;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.Email;
import com.crm.customer.profile.Phone;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores a customer's data 0-100: half completeness (weighted: contact point, name, address, region, owner,
 * birthday or industry, a consent record), half validity (emails that can be delivered to, dialable phones,
 * plausible birthday, no placeholder name). Every deduction comes with its reason.
 */
final class DataQualityRules {

    /** One thing wrong or missing. */
    record Issue(String code, String field, String message) {}

    record Assessment(int score, int completeness, int validity, List<Issue> issues) {}

    // stricter than the API's syntax check: a dotted domain with a top-level domain of two letters or more
    private static final Pattern DELIVERABLE_EMAIL =
            Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+\\.)+[A-Za-z]{2,}$");
    private static final Set<String> PLACEHOLDERS =
            Set.of("test", "unknown", "n/a", "na", "none", "xxx", "asdf", "customer", "name", "无", "未知", "测试");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private DataQualityRules() {}

    static Assessment assess(CustomerView c, LocalDate today) {
        List<Issue> issues = new ArrayList<>();
        int total = 0;
        int filled = 0;

        boolean person = c.type() == CustomerType.PERSON;
        boolean contact = !c.emails().isEmpty() || !c.phones().isEmpty() || c.wechatId() != null;
        total += 3;
        if (contact) {
            filled += 3;
        } else {
            issues.add(new Issue("MISSING_CONTACT_POINT", "emails", "no email, phone or WeChat id to reach them"));
        }
        boolean named = person ? c.givenName() != null || c.familyName() != null : c.company() != null;
        total += 2;
        if (named) {
            filled += 2;
        } else {
            issues.add(new Issue(
                    "MISSING_NAME",
                    person ? "familyName" : "company",
                    person ? "no given or family name" : "no company name"));
        }
        filled += check(!c.addresses().isEmpty(), "MISSING_ADDRESS", "addresses", "no postal address", issues);
        filled += check(c.region() != null, "MISSING_REGION", "region", "no region", issues);
        filled += check(c.ownerId() != null, "MISSING_OWNER", "ownerId", "no account manager", issues);
        filled += person
                ? check(c.birthday() != null, "MISSING_BIRTHDAY", "birthday", "no birthday", issues)
                : check(c.industry() != null, "MISSING_INDUSTRY", "industry", "no industry", issues);
        filled += check(
                !c.consents().isEmpty(), "MISSING_CONSENT", "consents", "no consent recorded on any channel", issues);
        total += 5;
        int completeness = Math.round(100f * filled / total);

        int validity = 100;
        for (int i = 0; i < c.emails().size(); i++) {
            Email e = c.emails().get(i);
            if (!DELIVERABLE_EMAIL.matcher(e.address()).matches() || e.address().contains("..")) {
                validity -= 25;
                issues.add(new Issue(
                        "INVALID_EMAIL_SYNTAX",
                        "emails[" + i + "].address",
                        "'" + e.address() + "' cannot be delivered to"));
            }
        }
        for (int i = 0; i < c.phones().size(); i++) {
            Phone p = c.phones().get(i);
            if (!dialable(p.number())) {
                validity -= 25;
                issues.add(new Issue(
                        "PHONE_NOT_DIALABLE",
                        "phones[" + i + "].number",
                        p.number() + " is not a number in use in its country's numbering plan"));
            }
        }
        if (c.birthday() != null && c.birthday().isBefore(today.minusYears(120))) {
            validity -= 20;
            issues.add(new Issue("BIRTHDAY_IMPLAUSIBLE", "birthday", "more than 120 years ago"));
        }
        if (PLACEHOLDERS.contains(c.displayName().strip().toLowerCase(Locale.ROOT))) {
            validity -= 15;
            issues.add(new Issue("PLACEHOLDER_NAME", "displayName", "'" + c.displayName() + "' is a placeholder"));
        }
        validity = Math.max(0, validity);
        return new Assessment(Math.round((completeness + validity) / 2f), completeness, validity, List.copyOf(issues));
    }

    private static int check(boolean present, String code, String field, String message, List<Issue> issues) {
        if (!present) {
            issues.add(new Issue(code, field, message));
        }
        return present ? 1 : 0;
    }

    private static boolean dialable(String e164) {
        try {
            return PHONES.isValidNumber(PHONES.parse(e164, null));
        } catch (NumberParseException e) {
            return false;
        }
    }
}
