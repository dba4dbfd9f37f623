package dev.imagemoderation.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** Every log group of the stack: three months, and kept after {@code cdk destroy} (it is audit evidence). */
final class RetainedLogs {

    private RetainedLogs() {}

    static LogGroup create(Construct scope, String id) {
        return LogGroup.Builder.create(scope, id)
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
