package com.crm.feedback.survey;

import com.crm.feedback.survey.SurveyService.SurveyInput;
import com.crm.feedback.survey.SurveyService.SurveyView;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Surveys", description = "NPS, CSAT, CES and custom questionnaires, versioned, DRAFT → ACTIVE → CLOSED")
@ApiResponse(
        responseCode = "403",
        description = "The token lacks the scope: reads need crm.read; creating, changing, activating and closing a "
                + "survey need crm.config or crm.admin (and are recorded in the audit log)",
        content = @Content(mediaType = "application/problem+json"))
class SurveyController {

    private final SurveyService surveys;

    SurveyController(SurveyService surveys) {
        this.surveys = surveys;
    }

    @PostMapping("/api/surveys")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @ApiResponse(responseCode = "201", description = "Created (a draft)")
    @Operation(summary = "Create a survey (DRAFT, version 1); NPS/CSAT/CES get their headline question when none given")
    ResponseEntity<SurveyView> create(@RequestBody SurveyInput input) {
        SurveyView created = surveys.create(input);
        return ResponseEntity.created(URI.create("/api/surveys/" + created.id()))
                .body(created);
    }

    @ApiResponse(responseCode = "200", description = "A page of surveys")
    @GetMapping("/api/surveys")
    @Operation(
            summary = "Surveys, newest first",
            description = "keyset paging: limit (1-500, default 50) and cursor (the previous page's nextCursor)")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<SurveyView> list(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                surveys.list(KeysetCursor.decode(cursor), size + 1),
                size,
                s -> new KeysetCursor(s.createdAt(), s.id()).encode(),
                s -> s);
    }

    @ApiResponse(responseCode = "200", description = "The survey")
    @GetMapping("/api/surveys/{id}")
    @Operation(summary = "One survey with the questions of its current version")
    SurveyView get(@PathVariable UUID id) {
        return surveys.get(id);
    }

    @ApiResponse(responseCode = "200", description = "The changed survey")
    @PutMapping("/api/surveys/{id}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(summary = "Replace name and questions: a draft in place, an active survey as a new version; 409 closed")
    SurveyView update(@PathVariable UUID id, @RequestBody SurveyInput input) {
        return surveys.update(id, input);
    }

    @ApiResponse(responseCode = "200", description = "The survey, now ACTIVE")
    @PostMapping("/api/surveys/{id}/activate")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(summary = "DRAFT → ACTIVE (409 from CLOSED)")
    SurveyView activate(@PathVariable UUID id) {
        return surveys.activate(id);
    }

    @ApiResponse(responseCode = "200", description = "The survey, now CLOSED")
    @PostMapping("/api/surveys/{id}/close")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(summary = "ACTIVE → CLOSED: no more invitations or answers (409 from DRAFT)")
    SurveyView close(@PathVariable UUID id) {
        return surveys.close(id);
    }
}
