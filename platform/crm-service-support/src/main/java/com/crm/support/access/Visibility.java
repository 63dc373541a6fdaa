package com.crm.support.access;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ProblemTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Which customers a caller may see, decided from a customer's owner (a user id) and team (a team id):
 *
 * <ul>
 *   <li>{@link VisibilityScope#ALL}: every customer (admins and integrated systems);
 *   <li>{@link VisibilityScope#TEAM}: customers of the caller's team (managers by default), and those without a
 *       team when {@code unassigned} is set;
 *   <li>{@link VisibilityScope#OWN}: customers the caller owns (agents by default), and those without a team when
 *       {@code unassigned} is set;
 *   <li>{@link VisibilityScope#NONE}: nothing.
 * </ul>
 *
 * The same rule as a predicate for one record ({@link #allows}) and as a SQL condition for repositories
 * ({@link #sql}), so lists, counts and exports filter in the database. Obtain one from {@link VisibilityPolicy}.
 *
 * @param scope      how far the caller sees
 * @param userId     the caller's user id (the token's {@code sub}); owners are compared with it
 * @param teamId     the caller's team; {@code null} when the caller has none (then {@code TEAM} sees only what
 *                   {@code unassigned} adds)
 * @param unassigned whether customers without a team are visible too (managers, so they can assign them)
 */
public record Visibility(VisibilityScope scope, String userId, String teamId, boolean unassigned) {

    private static final Visibility ALL = new Visibility(VisibilityScope.ALL, null, null, true);
    private static final Visibility NONE = new Visibility(VisibilityScope.NONE, null, null, false);
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public static final String OWNER_PARAM = "crmAccessOwner";
    public static final String TEAM_PARAM = "crmAccessTeam";

    public Visibility {
        Objects.requireNonNull(scope, "scope");
        if (scope == VisibilityScope.OWN && (userId == null || userId.isBlank())) {
            throw new IllegalArgumentException("an own-records visibility needs the user's id");
        }
        teamId = (teamId == null || teamId.isBlank()) ? null : teamId;
    }

    public static Visibility all() {
        return ALL;
    }

    public static Visibility none() {
        return NONE;
    }

    public boolean isAll() {
        return scope == VisibilityScope.ALL;
    }

    /**
     * Answers {@code 403} unless the caller sees every customer: for what is computed over all of them (organisation
     * wide figures, the change feed, platform-wide scans and runs), which a count limited to one's own would
     * misstate and an unlimited one would leak.
     */
    public void requireAll(String what) {
        if (!isAll()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "Only callers who see every customer (admins, integrated systems) may use " + what,
                    List.of());
        }
    }

    /** Whether a customer with this owner and team is within the caller's visibility. */
    public boolean allows(String ownerId, String customerTeamId) {
        return switch (scope) {
            case ALL -> true;
            case NONE -> false;
            case TEAM -> customerTeamId == null ? unassigned : customerTeamId.equals(teamId);
            case OWN -> (ownerId != null && ownerId.equals(userId)) || (customerTeamId == null && unassigned);
        };
    }

    /**
     * Whether the caller may give a customer this owner and team (on create, or when either changes): within
     * {@link VisibilityScope#ALL} anything; within {@link VisibilityScope#TEAM} any owner in the caller's own team
     * (or no team, when {@code unassigned}); within {@link VisibilityScope#OWN} only themselves as owner, in their
     * own team (or no team, when {@code unassigned}).
     *
     * @return the first field refused, {@code "ownerId"} or {@code "teamId"}; empty when the assignment is allowed
     */
    public Optional<String> refusedAssignment(String ownerId, String customerTeamId) {
        boolean teamAllowed = customerTeamId == null ? unassigned : customerTeamId.equals(teamId);
        return switch (scope) {
            case ALL -> Optional.empty();
            case NONE -> Optional.of("ownerId");
            case TEAM -> teamAllowed ? Optional.empty() : Optional.of("teamId");
            case OWN -> {
                if (ownerId == null || !ownerId.equals(userId)) {
                    yield Optional.of("ownerId");
                }
                yield teamAllowed ? Optional.empty() : Optional.of("teamId");
            }
        };
    }

    /**
     * The rule as a SQL condition over the given columns, e.g. {@code sql("c.owner_id", "c.team_id")};
     * {@link SqlCondition#TRUE} for {@link VisibilityScope#ALL}. Column names are checked to be plain
     * (optionally qualified) identifiers; values are always bound parameters.
     */
    public SqlCondition sql(String ownerColumn, String teamColumn) {
        requireColumn(ownerColumn);
        requireColumn(teamColumn);
        Map<String, Object> params = new LinkedHashMap<>();
        String clause = switch (scope) {
            case ALL -> "true";
            case NONE -> "false";
            case TEAM -> {
                String team = null;
                if (teamId != null) {
                    params.put(TEAM_PARAM, teamId);
                    team = teamColumn + " = :" + TEAM_PARAM;
                }
                yield or(team, unassigned ? teamColumn + " is null" : null);
            }
            case OWN -> {
                params.put(OWNER_PARAM, userId);
                yield or(ownerColumn + " = :" + OWNER_PARAM, unassigned ? teamColumn + " is null" : null);
            }
        };
        return switch (clause) {
            case "true" -> SqlCondition.TRUE;
            case "false" -> SqlCondition.FALSE;
            default -> new SqlCondition(clause, params);
        };
    }

    private static String or(String a, String b) {
        if (a == null && b == null) {
            return "false";
        }
        if (a == null || b == null) {
            return "(" + (a == null ? b : a) + ")";
        }
        return "(" + a + " or " + b + ")";
    }

    private static void requireColumn(String column) {
        if (column == null || !COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("not a column name: " + column);
        }
    }
}
