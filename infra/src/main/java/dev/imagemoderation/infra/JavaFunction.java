package dev.imagemoderation.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Java Lambda function the way this project runs them: the Maven-built jar,
 * SnapStart on published versions, and an alias {@code live} that everything calls
 * (invoking {@code $LATEST} would skip SnapStart), with its own log group.
 *
 * <p>Runtime {@code java25}: the newest Java LTS Lambda offers, so cdk-nag's
 * AwsSolutions-L1 passes without a suppression, and it runs our release-21 bytecode
 * unchanged, with SnapStart.
 */
public final class JavaFunction extends Construct {

    /** What differs between functions. */
    public record Props(
            String jar,
            String handler,
            int memoryMb,
            Duration timeout,
            Map<String, String> environment,
            ILayerVersion layer,
            String description) {}

    private final Function function;
    private final Alias alias;
    private final LogGroup logGroup;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        logGroup = RetainedLogs.create(this, "Logs");
        Map<String, String> env = new LinkedHashMap<>(props.environment());
        // C1 compilation only: the usual recommendation for short-lived Java Lambdas.
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        var builder = Function.Builder.create(this, "Function")
                .description(props.description())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(props.jar()))
                .handler(props.handler())
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .environment(env)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .logGroup(logGroup);
        if (props.layer() != null) {
            builder.layers(List.of(props.layer()));
        }
        function = builder.build();
        alias = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();
    }

    public Function function() {
        return function;
    }

    /** What every caller targets: the published, SnapStart-enabled version. */
    public Alias alias() {
        return alias;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
