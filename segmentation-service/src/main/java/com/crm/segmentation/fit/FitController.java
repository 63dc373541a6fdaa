package com.crm.segmentation.fit;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.GammaGamma;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/segmentation/fits")
@Tag(
        name = "Model fits",
        description = "Every BG/NBD and Gamma-Gamma fit with its parameters and log-likelihood."
                + " For callers who see every customer (integrated systems, admins): 403 for people.")
class FitController {

    private final FitRepository fits;
    private final CustomerAccess access;

    FitController(FitRepository fits, CustomerAccess access) {
        this.fits = fits;
        this.access = access;
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "The stored fits, newest first")
    @Operation(summary = "Fits, newest first", description = "filter by model (BG_NBD, GAMMA_GAMMA); keyset paging")
    CursorPage<StoredFit> list(
            @RequestParam(required = false) @Schema(allowableValues = {BgNbd.MODEL, GammaGamma.MODEL}) String model,
            @RequestParam(required = false) @Min(1) @Max(PageLimit.MAX) Integer limit,
            @RequestParam(required = false) String cursor) {
        access.requireAll("the model fits (computed over every customer)");
        return fits.list(model, PageLimit.resolve(limit), cursor);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One fit")
    @ApiResponse(responseCode = "200", description = "The fit")
    @ApiResponse(
            responseCode = "404",
            description = "Unknown fit",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    StoredFit get(@PathVariable UUID id) {
        access.requireAll("the model fits (computed over every customer)");
        return fits.find(id).orElseThrow(() -> ApiException.notFound("fit", id));
    }
}
