package dev.imagemoderation.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Stack;

/**
 * The cdk-nag AwsSolutions findings this stack accepts, each narrowed to what it applies
 * to and carrying its reason. Anything else cdk-nag finds fails the build (NagTest).
 */
final class NagRules {

    private NagRules() {}

    static void apply(Stack stack) {
        NagSuppressions.addStackSuppressions(
                stack,
                List.of(
                        NagPackSuppression.builder()
                                .id("AwsSolutions-IAM4")
                                .reason(
                                        "Functions use AWSLambdaBasicExecutionRole, which only lets a function write its own log "
                                                + "streams; a hand-written copy would grant the same")
                                .appliesTo(
                                        List.of(
                                                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-IAM5")
                                .reason(
                                        "Resource * only where AWS allows nothing else: rekognition:DetectModerationLabels (no "
                                                + "resource-level permissions), X-Ray trace upload, and the Step Functions log-delivery "
                                                + "actions. Object wildcards stay inside incoming/, quarantine/ or reviews/ of the one bucket, since "
                                                + "keys are per event and file. The review workflow reads executions of the "
                                                + "moderation state machine only, whose names are per event")
                                .appliesTo(List.of(
                                        "Resource::*",
                                        RegexAppliesTo.builder()
                                                .regex(
                                                        "/^Resource::<Images[A-Za-z0-9]+\\.Arn>\\/(incoming|quarantine|reviews)\\/\\*$/g")
                                                .build(),
                                        RegexAppliesTo.builder()
                                                .regex(
                                                        "/^Resource::arn:(<AWS::Partition>|[a-z-]+):states:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|[0-9]+):execution:<ModerationStateMachine[A-Za-z0-9]+\\.Name>:\\*$/g")
                                                .build()))
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-APIG4")
                                .reason(
                                        "Slack cannot send AWS credentials or tokens; every request is authenticated by Slack's "
                                                + "HMAC signature, verified in the ingest function before anything else")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-SMG4")
                                .reason(
                                        "Slack signing secrets and tokens are rotated in Slack's UI, not by a rotation Lambda; the "
                                                + "README says how to put the new value in the secret")
                                .build()));
    }
}
