package com.crm.interaction.agent;

import com.crm.support.security.CrmScopes;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Agents",
        description = "Agents' skills, capacity and hours; the right agent for each customer; assignments")
@ApiResponse(
        responseCode = "403",
        description = "The token lacks the scope (agent writes need crm.config or crm.admin, assignments crm.write)",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class AgentController {

    private static final String AGENTS = "/api/agents";
    private static final String PROBLEM = "application/problem+json";

    private final AgentService agents;
    private final AgentMatchService matching;
    private final AssignmentService assignments;
    private final AgentOutcomes outcomes;

    AgentController(
            AgentService agents, AgentMatchService matching, AssignmentService assignments, AgentOutcomes outcomes) {
        this.agents = agents;
        this.matching = matching;
        this.assignments = assignments;
        this.outcomes = outcomes;
    }

    record AgentList(List<AgentView> items) {}

    record AssignmentList(List<AssignmentView> items) {}

    @GetMapping(AGENTS)
    @Operation(summary = "List the agents", description = "Needs crm.read. Ordered by display name.")
    @ApiResponse(responseCode = "200", description = "Every agent")
    AgentList list() {
        return new AgentList(agents.list());
    }

    @GetMapping(AGENTS + "/{id}")
    @Operation(summary = "Get an agent", description = "Needs crm.read. The ETag is its version.")
    @ApiResponse(responseCode = "200", description = "The agent")
    @ApiResponse(responseCode = "404", description = "No such agent", content = @Content(mediaType = PROBLEM))
    ResponseEntity<AgentView> get(@PathVariable UUID id) {
        AgentView agent = agents.get(id);
        return ResponseEntity.ok().eTag(ETags.of(agent.version())).body(agent);
    }

    @PostMapping(path = AGENTS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Create an agent",
            description = "Needs crm.config or crm.admin. One agent per user id (the person's token subject). Audited.")
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<AgentView> create(@Valid @RequestBody AgentInput input) {
        AgentView agent = agents.create(input);
        return ResponseEntity.created(URI.create(AGENTS + "/" + agent.id()))
                .eTag(ETags.of(agent.version()))
                .body(agent);
    }

    @PutMapping(path = AGENTS + "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Replace an agent",
            description = "Needs crm.config or crm.admin. If-Match is checked when given. Audited.")
    @ApiResponse(responseCode = "200", description = "The agent after the change")
    @ApiResponse(responseCode = "404", description = "No such agent", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<AgentView> replace(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody AgentInput input) {
        AgentView agent = agents.replace(id, ifMatch, input);
        return ResponseEntity.ok().eTag(ETags.of(agent.version())).body(agent);
    }

    @DeleteMapping(AGENTS + "/{id}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Delete an agent",
            description = "Needs crm.config or crm.admin. 204, also when already gone. Audited.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(
            responseCode = "409",
            description = "The agent still holds open assignments",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        agents.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = AGENTS + "/match", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Rank agents for a customer",
            description = "Needs crm.read (a POST that only reads). Hard filters: the agent's available switch, every "
                    + "required skill (and lang:<language>), capacity left on the channel. Score: skill levels, "
                    + "working hours now in the agent's zone, capacity left, seniority for tier S/A customers, and the "
                    + "learnt fit with customers of the same tier (resolution and purchase rates shrunk toward the "
                    + "team's average). Each agent comes with the reasons adding up to their score. A customer "
                    + "outside the caller's visibility is a 404.")
    @ApiResponse(responseCode = "200", description = "Agents, best first")
    @ApiResponse(responseCode = "404", description = "No such customer", content = @Content(mediaType = PROBLEM))
    MatchView match(@Valid @RequestBody MatchInput input) {
        return matching.match(input);
    }

    @PostMapping(path = AGENTS + "/{agentId}/assignments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Assign a customer to an agent",
            description = "Needs crm.write. Takes one of the agent's slots on the channel (409 when none is left, "
                    + "race-safe). Idempotent by assignmentId: the same id again answers 200 with the assignment made "
                    + "first. The open assignment is listed in /api/due-contacts (source ASSIGNMENT, agentId = the "
                    + "agent's userId).")
    @ApiResponse(responseCode = "201", description = "Assigned")
    @ApiResponse(responseCode = "200", description = "Made earlier with this assignmentId")
    @ApiResponse(
            responseCode = "404",
            description = "No such agent, or customer",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "409",
            description = "No capacity left on the channel, or the assignmentId is another assignment's",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<AssignmentView> assign(@PathVariable UUID agentId, @Valid @RequestBody AssignmentInput input) {
        AssignmentService.Assigned assigned = assignments.assign(agentId, input);
        AssignmentView a = assigned.assignment();
        return assigned.created()
                ? ResponseEntity.created(URI.create(AGENTS + "/" + agentId + "/assignments/" + a.id()))
                        .body(a)
                : ResponseEntity.ok(a);
    }

    @GetMapping(AGENTS + "/{agentId}/assignments")
    @Operation(
            summary = "An agent's assignments",
            description = "Needs crm.read. Newest first; open ones unless status=ALL. Only customers within the "
                    + "caller's visibility.")
    @ApiResponse(responseCode = "200", description = "The assignments")
    @ApiResponse(responseCode = "404", description = "No such agent", content = @Content(mediaType = PROBLEM))
    AssignmentList assignments(
            @PathVariable UUID agentId,
            @Parameter(description = "OPEN (default) or ALL") @RequestParam(required = false) String status,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit) {
        boolean all = "ALL".equalsIgnoreCase(status);
        int bounded = limit == null ? 50 : Math.max(1, Math.min(500, limit));
        return new AssignmentList(assignments.ofAgent(agentId, !all, bounded));
    }

    @PostMapping(
            path = AGENTS + "/{agentId}/assignments/{assignmentId}/completion",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Complete an assignment",
            description = "Needs crm.write. Frees the slot; the outcome feeds the agent's learnt fit. Completing again "
                    + "with the same outcome answers the same.")
    @ApiResponse(responseCode = "200", description = "The completed assignment")
    @ApiResponse(
            responseCode = "404",
            description = "No such assignment of this agent",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "409",
            description = "Completed already with another outcome",
            content = @Content(mediaType = PROBLEM))
    AssignmentView complete(
            @PathVariable UUID agentId, @PathVariable UUID assignmentId, @Valid @RequestBody CompletionInput input) {
        return assignments.complete(agentId, assignmentId, input);
    }

    @PostMapping(AGENTS + "/outcomes/recompute")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Recompute the agents' learnt outcomes now",
            description =
                    "Needs crm.config or crm.admin. Also runs on a schedule (crm.interaction.agents.outcome-refresh).")
    @ApiResponse(responseCode = "200", description = "Rows written, or skipped when another instance was at it")
    AgentOutcomes.Recomputed recompute() {
        return outcomes.recompute();
    }
}
