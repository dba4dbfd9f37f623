package dev.imagemoderation.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app {@code cdk.json} runs. */
public final class ModerationApp {

    private ModerationApp() {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    static ModerationStack build(App app) {
        ModerationSettings settings = ModerationSettings.fromContext(app.getNode());
        ModerationStack stack = new ModerationStack(
                app,
                "ImageModerationBot",
                StackProps.builder()
                        .description("Image Moderation Chatbot: removes explicit images from Slack channels")
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .build(),
                settings,
                Artifacts.locate());
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stack;
    }
}
