package com.crm.customer.purchase;

public enum PurchaseType {
    PURCHASE,
    REFUND
}
