package dev.imagemoderation.infra;

import dev.imagemoderation.core.memory.DecisionTableSchema;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The bot's memory: moderators' decisions and the verdict cache, one on-demand table keyed by workspace, with
 * point-in-time recovery, encryption at rest and TTL on the cache entries. It holds moderators' decisions, so
 * it is retained when the stack is destroyed. Each function gets exactly the calls it makes, on this table.
 */
public final class DecisionTable extends Construct {

    private final Table table;

    public DecisionTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(DecisionTableSchema.PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(DecisionTableSchema.SORT_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.AWS_MANAGED)
                .timeToLiveAttribute(DecisionTableSchema.TTL_ATTRIBUTE)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public Table table() {
        return table;
    }

    /** Recall: reads a decision, a workspace's decisions, a cache entry. */
    public void grantRecall(IGrantable to) {
        grant(to, List.of("dynamodb:GetItem", "dynamodb:Query"));
    }

    /** DetectLabels' cache entries and Remember's decisions: writes only. */
    public void grantWrite(IGrantable to) {
        grant(to, List.of("dynamodb:PutItem"));
    }

    private void grant(IGrantable to, List<String> actions) {
        to.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(actions)
                        .resources(List.of(table.getTableArn()))
                        .build());
    }
}
