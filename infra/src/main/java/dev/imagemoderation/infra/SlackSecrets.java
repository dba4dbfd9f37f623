package dev.imagemoderation.infra;

import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The Slack credentials, as Secrets Manager secrets created WITHOUT a value. CDK's
 * {@code Secret} would generate a random one, which looks filled but is useless; an empty
 * secret makes the first request fail loudly ("secret ... is empty or not set") until the
 * operator puts the real value in (README, "Deploy").
 */
public final class SlackSecrets extends Construct {

    private final ISecret signingSecret;
    private final ISecret botToken;
    private final ISecret adminToken;

    public SlackSecrets(Construct scope, String id) {
        super(scope, id);
        signingSecret = empty("SigningSecret", "Slack app signing secret (Basic Information > App Credentials)");
        botToken = empty("BotToken", "Slack bot token xoxb-... (OAuth & Permissions)");
        adminToken =
                empty("AdminToken", "Slack user token xoxp-... of a workspace admin, with files:write and chat:write");
    }

    private ISecret empty(String id, String description) {
        CfnSecret secret =
                CfnSecret.Builder.create(this, id).description(description).build();
        return Secret.fromSecretCompleteArn(this, id + "Ref", secret.getRef());
    }

    public ISecret signingSecret() {
        return signingSecret;
    }

    public ISecret botToken() {
        return botToken;
    }

    public ISecret adminToken() {
        return adminToken;
    }
}
