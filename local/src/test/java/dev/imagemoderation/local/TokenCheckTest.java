package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up check of the tokens, against the emulator's auth.test, x-oauth-scopes and users.info. */
class TokenCheckTest {

    private final Workspace workspace = SampleWorkspace.create()
            .token("bot-missing-scopes", BOT_USER, "chat:write", "files:read")
            .user("U0OTHER001", "mo-member", Workspace.Role.MEMBER)
            .token("member-user-token", "U0OTHER001", "files:write", "chat:write");
    private final SlackEmulator slack = SlackEmulator.start(workspace);
    private final TokenCheck check =
            new TokenCheck(new SlackApi(slack.apiUrl(), HostAllowlist.slackPlus(Set.of(slack.host()))));

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void theSampleInstall_passes_andSaysWhoIsWho() {
        TokenCheck.Identity who = check.check(() -> BOT_TOKEN, () -> ADMIN_TOKEN, null);
        assertThat(who.teamId()).isEqualTo(TEAM);
        assertThat(who.botId()).isEqualTo(BOT_ID);
        assertThat(who.adminName()).isEqualTo("alex-admin");
    }

    @Test
    void missingScopes_areListedWithWhatWasGranted() {
        assertThatThrownBy(() -> check.check(() -> "bot-missing-scopes", () -> ADMIN_TOKEN, null))
                .hasMessageContaining("SLACK_BOT_TOKEN lacks the scopes channels:history, channels:read, files:write,"
                        + " groups:history, groups:read, im:write, users:read (granted: chat:write, files:read)");
    }

    @Test
    void aRevokedToken_andAnAdminTokenOfAMember_areSaidPlainly() {
        workspace.revoke(ADMIN_TOKEN);
        assertThatThrownBy(() -> check.check(() -> BOT_TOKEN, () -> ADMIN_TOKEN, null))
                .hasMessageContaining(
                        "SLACK_ADMIN_TOKEN: auth.test answered invalid_auth (the token is wrong or was revoked");
        assertThatThrownBy(() -> check.check(() -> BOT_TOKEN, () -> "member-user-token", null))
                .hasMessageContaining("belongs to mo-member, who is neither a workspace admin nor an owner");
    }

    @Test
    void theAppLevelToken_isCheckedWithTheOneMethodItMayCall() {
        assertThat(check.check(() -> BOT_TOKEN, () -> ADMIN_TOKEN, () -> APP_TOKEN)
                        .teamId())
                .isEqualTo(TEAM);
        assertThatThrownBy(() -> check.check(() -> BOT_TOKEN, () -> ADMIN_TOKEN, () -> BOT_TOKEN))
                .hasMessageContaining("SLACK_APP_TOKEN: apps.connections.open answered not_allowed_token_type"
                        + " (this is not an app-level token");
    }

    @Test
    void swappedTokens_areCaught() {
        assertThatThrownBy(() -> check.check(() -> ADMIN_TOKEN, () -> BOT_TOKEN, null))
                .hasMessageContaining("SLACK_BOT_TOKEN belongs to a person (alex-admin)")
                .hasMessageContaining("SLACK_ADMIN_TOKEN is a bot token")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain(ADMIN_TOKEN).doesNotContain(BOT_TOKEN));
    }
}
