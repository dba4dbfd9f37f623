package dev.imagemoderation.local;

import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.slack.SlackApi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an admin gets wrong when installing the app, checked before anything starts and
 * said plainly: a token that does not work, a scope not granted (read from the
 * {@code x-oauth-scopes} header Slack returns with every call), tokens from different
 * workspaces, and an admin token whose user cannot delete other people's files.
 */
final class TokenCheck {

    static final Set<String> BOT_SCOPES = Set.of(
            "channels:history",
            "groups:history",
            "files:read",
            "chat:write",
            "im:write",
            "users:read",
            // the report's buttons: Restore uploads, and who may act is read from the moderators' channel
            "files:write",
            "channels:read",
            "groups:read");
    static final Set<String> ADMIN_SCOPES = Set.of("files:write", "chat:write");

    /** What the tokens turned out to be, for the start-up banner. */
    record Identity(String teamId, String team, String botUserId, String botId, String adminUserId, String adminName) {}

    private final SlackApi slack;

    TokenCheck(SlackApi slack) {
        this.slack = slack;
    }

    /**
     * @param appToken the app-level token for Socket Mode, or null when HTTP is the only intake;
     *     checked with {@code apps.connections.open}, the one method it may call
     * @throws TokenCheckException listing every problem found
     */
    Identity check(Secret botToken, Secret adminToken, Secret appToken) {
        List<String> problems = new ArrayList<>();
        if (appToken != null) {
            checkAppToken(appToken, problems);
        }
        AuthTestResponse bot = authTest(Setting.SLACK_BOT_TOKEN.name(), botToken, problems);
        AuthTestResponse admin = authTest(Setting.SLACK_ADMIN_TOKEN.name(), adminToken, problems);
        if (bot != null) {
            if (bot.getBotId() == null) {
                problems.add(Setting.SLACK_BOT_TOKEN + " belongs to a person (" + bot.getUser()
                        + "), not to the app's bot user");
            }
            missingScopes(Setting.SLACK_BOT_TOKEN.name(), bot, BOT_SCOPES, problems);
        }
        String adminName = null;
        if (admin != null) {
            missingScopes(Setting.SLACK_ADMIN_TOKEN.name(), admin, ADMIN_SCOPES, problems);
            if (admin.getBotId() != null) {
                problems.add(Setting.SLACK_ADMIN_TOKEN + " is a bot token; it must be a workspace admin's user token");
            }
            if (bot != null && !bot.getTeamId().equals(admin.getTeamId())) {
                problems.add("the tokens are from different workspaces: bot " + bot.getTeamId() + ", admin "
                        + admin.getTeamId());
            }
            if (bot != null && bot.getBotId() != null) {
                adminName = checkAdminRole(botToken, admin, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new TokenCheckException(problems);
        }
        return new Identity(
                bot.getTeamId(), bot.getTeam(), bot.getUserId(), bot.getBotId(), admin.getUserId(), adminName);
    }

    private void checkAppToken(Secret appToken, List<String> problems) {
        try {
            var r = slack.call("apps.connections.open", appToken, m -> m.appsConnectionsOpen(b -> b));
            if (!r.isOk()) {
                problems.add(Setting.SLACK_APP_TOKEN + ": apps.connections.open answered " + r.getError()
                        + switch (r.getError()) {
                            case "not_allowed_token_type" ->
                                " (this is not an app-level token: create one with connections:write"
                                        + " under Basic Information > App-Level Tokens)";
                            case "invalid_auth" -> " (the token is wrong or was revoked)";
                            case "missing_scope" -> " (the app-level token needs the connections:write scope)";
                            default -> " (is Socket Mode enabled for the app?)";
                        });
            }
        } catch (RuntimeException e) {
            problems.add(Setting.SLACK_APP_TOKEN + ": apps.connections.open failed: " + e.getMessage());
        }
    }

    private AuthTestResponse authTest(String name, Secret token, List<String> problems) {
        AuthTestResponse r;
        try {
            r = slack.call("auth.test", token, m -> m.authTest(b -> b));
        } catch (RuntimeException e) {
            problems.add(name + ": auth.test failed: " + e.getMessage());
            return null;
        }
        if (!r.isOk()) {
            problems.add(name + ": auth.test answered " + r.getError()
                    + switch (r.getError()) {
                        case "invalid_auth" ->
                            " (the token is wrong or was revoked; copy it again from the app's OAuth page)";
                        case "account_inactive" -> " (the user or app was deactivated or uninstalled)";
                        case "not_allowed_token_type" -> " (an app-level token cannot be used here)";
                        default -> "";
                    });
            return null;
        }
        return r;
    }

    private static void missingScopes(String name, SlackApiTextResponse r, Set<String> needed, List<String> problems) {
        Set<String> granted = grantedScopes(r);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(granted);
        if (!missing.isEmpty()) {
            problems.add(name + " lacks the scopes " + String.join(", ", missing) + " (granted: "
                    + (granted.isEmpty() ? "none" : String.join(", ", new TreeSet<>(granted)))
                    + "); add them in the app's OAuth settings (or use slack-app-manifest.yaml) and reinstall");
        }
    }

    static Set<String> grantedScopes(SlackApiTextResponse r) {
        var headers = r.getHttpResponseHeaders();
        if (headers == null) {
            return Set.of();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("x-oauth-scopes"))
                .flatMap(e -> e.getValue().stream())
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private String checkAdminRole(Secret botToken, AuthTestResponse admin, List<String> problems) {
        UsersInfoResponse info;
        try {
            info = slack.call("users.info", botToken, m -> m.usersInfo(b -> b.user(admin.getUserId())));
        } catch (RuntimeException e) {
            problems.add("users.info for the admin failed: " + e.getMessage());
            return null;
        }
        if (!info.isOk()) {
            problems.add("users.info for the admin answered " + SlackApi.describe("users.info", info));
            return null;
        }
        var user = info.getUser();
        if (!user.isAdmin() && !user.isOwner()) {
            problems.add(Setting.SLACK_ADMIN_TOKEN + " belongs to " + user.getName()
                    + ", who is neither a workspace admin nor an owner:"
                    + " Slack lets only them delete other people's files");
        }
        return user.getName();
    }
}
