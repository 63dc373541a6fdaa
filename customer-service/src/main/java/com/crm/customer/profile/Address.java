package com.crm.customer.profile;

import java.util.List;

public record Address(
        String label, List<String> lines, String city, String region, String postalCode, String country) {}
