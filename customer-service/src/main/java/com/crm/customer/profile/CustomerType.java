package com.crm.customer.profile;

public enum CustomerType {
    PERSON,
    ORGANIZATION
}
