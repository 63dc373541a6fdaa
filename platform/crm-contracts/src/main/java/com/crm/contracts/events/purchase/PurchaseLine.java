package com.crm.contracts.events.purchase;

/** A line of a purchase; amounts are decimal strings in the purchase's currency. */
public record PurchaseLine(
        String sku, String name, String category, Integer quantity, String unitPrice, String amount) {}
