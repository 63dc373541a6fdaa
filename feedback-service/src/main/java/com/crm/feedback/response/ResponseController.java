package com.crm.feedback.response;

import com.crm.feedback.response.ResponseService.AgentAnswer;
import com.crm.feedback.response.ResponseService.ResponseView;
import com.crm.feedback.response.ResponseService.TokenAnswer;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Responses", description = "Survey answers: over the invitation link (public, token) or recorded by agents")
class ResponseController {

    static final URI RATE_LIMITED = URI.create("urn:crm:problem:rate-limited");
    private final ResponseService responses;
    private final AnswerRateLimiter limiter;

    ResponseController(ResponseService responses, AnswerRateLimiter limiter) {
        this.responses = responses;
        this.limiter = limiter;
    }

    @PostMapping("/api/public/survey-answers")
    @ApiResponse(responseCode = "201", description = "Accepted; Location names the stored response")
    @Operation(
            summary = "Answer a survey with the invitation's token (no JWT: the token is the credential)",
            description = "201 accepted; 400 invalid answers (errors[] per question); 404 unknown token; 409 already "
                    + "answered; 410 expired, withdrawn or survey closed; 429 too many answers from this address.")
    ResponseEntity<?> answer(@RequestBody TokenAnswer body, HttpServletRequest request) {
        if (!limiter.tryAcquire(request)) {
            var problem = Problems.of(
                    HttpStatus.TOO_MANY_REQUESTS,
                    RATE_LIMITED,
                    "Too many requests",
                    "Too many answers from this address; retry later",
                    List.of());
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(limiter.retryAfterSeconds()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        ResponseView saved = responses.answer(body);
        return ResponseEntity.created(URI.create("/api/survey-responses/" + saved.id()))
                .body(new Accepted(saved.id(), saved.submittedAt()));
    }

    /** What the public caller learns: nothing but that it was accepted. */
    record Accepted(UUID responseId, Instant submittedAt) {}

    @PostMapping("/api/surveys/{surveyId}/responses")
    @Operation(summary = "Record a customer's answers as an agent (crm.write), against the current version")
    @ApiResponse(responseCode = "201", description = "Recorded")
    ResponseEntity<ResponseView> record(
            @PathVariable UUID surveyId, @RequestBody AgentAnswer body, Authentication caller) {
        ResponseView saved = responses.record(surveyId, body, caller == null ? null : caller.getName());
        return ResponseEntity.created(URI.create("/api/survey-responses/" + saved.id()))
                .body(saved);
    }

    @GetMapping("/api/survey-responses/{id}")
    @Operation(summary = "One survey response: its answers, score and NPS category (crm.read)")
    @ApiResponse(responseCode = "200", description = "The response")
    @ApiResponse(
            responseCode = "404",
            description =
                    "No such response, or one of a customer outside the caller's visibility (agents their own customers, managers their team's; integrated systems and admins all)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseView get(@PathVariable UUID id) {
        return responses.find(id).orElseThrow(() -> ApiException.notFound("Survey response", id));
    }
}
