package dev.imagemoderation.infra;

import dev.imagemoderation.statemachine.ModerationWorkflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The moderation state machine from {@code statemachine/moderation.asl.json}, its
 * placeholders filled with the functions' {@code live} alias ARNs and the bucket. A
 * Standard workflow: its execution history (90 days in the console) is the audit trail,
 * and its name-based de-duplication is what makes redeliveries harmless.
 */
public final class Workflow extends Construct {

    private final StateMachine stateMachine;

    /**
     * @param functions the alias for each Lambda placeholder of {@link ModerationWorkflow}
     * @param logExecutionData whether the state-machine logs also record each state's input and output; off
     *     by default, because they hold the Slack payloads (the execution history keeps them for auditing)
     */
    public Workflow(Construct scope, String id, Map<String, Alias> functions, Bucket bucket, boolean logExecutionData) {
        this(scope, id, ModerationWorkflow.definition(), functions, Map.of(), bucket, logExecutionData);
    }

    /**
     * A workflow of this bot from its definition text: {@code functions} fill its Lambda
     * placeholders, {@code values} its others. The review workflow is one, and gets the same
     * rights on the bucket, since a moderator's Remove quarantines as the moderation does.
     */
    public Workflow(
            Construct scope,
            String id,
            String definition,
            Map<String, Alias> functions,
            Map<String, String> values,
            Bucket bucket,
            boolean logExecutionData) {
        super(scope, id);
        Map<String, String> substitutions = new LinkedHashMap<>();
        functions.forEach((placeholder, alias) -> substitutions.put(placeholder, alias.getFunctionArn()));
        substitutions.putAll(values);
        substitutions.put(ModerationWorkflow.BUCKET_NAME, bucket.getBucketName());
        LogGroup logs = RetainedLogs.create(this, "Logs");
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .definitionBody(DefinitionBody.fromString(definition))
                .definitionSubstitutions(substitutions)
                .stateMachineType(StateMachineType.STANDARD)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logs)
                        // Every event is logged (cdk-nag's SF1 asks for it), but inputs and outputs, which
                        // carry the Slack payloads, only when the operator turns them on.
                        .level(LogLevel.ALL)
                        .includeExecutionData(logExecutionData)
                        .build())
                .build();
        // A definition given as text gets no permissions from CDK: grant exactly what its tasks use.
        functions.values().forEach(alias -> alias.grantInvoke(stateMachine));
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject"))
                .resources(List.of(bucket.arnForObjects(ImageBucket.INCOMING + "*")))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
                .resources(List.of(bucket.arnForObjects(ImageBucket.QUARANTINE + "*")))
                .build());
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }
}
