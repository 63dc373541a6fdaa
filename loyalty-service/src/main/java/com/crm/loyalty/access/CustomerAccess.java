package com.crm.loyalty.access;

import com.crm.support.access.ProjectedCustomerAccess;
import com.crm.support.access.VisibilityPolicy;
import org.springframework.stereotype.Component;

/** Record-level access in loyalty-service, from the owners and teams projected into {@code customer_ownership}. */
@Component
public class CustomerAccess extends ProjectedCustomerAccess {

    CustomerAccess(VisibilityPolicy policy, CustomerOwnershipRepository ownership) {
        super(policy, "customer_ownership", ownership::find);
    }
}
