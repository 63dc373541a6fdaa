package com.crm.interaction.customer;

import com.crm.support.access.ProjectedCustomerAccess;
import com.crm.support.access.VisibilityPolicy;
import org.springframework.stereotype.Component;

/** Record-level access in interaction-service, from the owners and teams projected into {@code customer_projection}. */
@Component
public class CustomerAccess extends ProjectedCustomerAccess {

    CustomerAccess(VisibilityPolicy policy, CustomerProjectionRepository customers) {
        super(policy, "customer_projection", customers::ownership);
    }
}
