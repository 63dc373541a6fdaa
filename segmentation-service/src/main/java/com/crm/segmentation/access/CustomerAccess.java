package com.crm.segmentation.access;

import com.crm.support.access.ProjectedCustomerAccess;
import com.crm.support.access.VisibilityPolicy;
import org.springframework.stereotype.Component;

/** Record-level access in segmentation-service, from the owners and teams projected into {@code customer_profile}. */
@Component
public class CustomerAccess extends ProjectedCustomerAccess {

    CustomerAccess(VisibilityPolicy policy, CustomerAccessRepository repository) {
        super(policy, "customer_profile", repository::ownership);
    }
}
