package dev.imagemoderation.core.workflow;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an auditor sees an execution: the Step Functions console page of its ARN, built from the ARN's region. */
public final class ExecutionConsole {

    /** {@code arn:aws:states:{region}:{account}:execution:{state machine}:{name}}, in the commercial partition. */
    private static final Pattern ARN = Pattern.compile(
            "^arn:aws:states:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:execution:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$");

    private ExecutionConsole() {}

    /**
     * The console URL of an execution (the ARN, whose characters are all legal in a fragment, as is), or empty for an ARN that is not one of AWS's commercial
     * regions (local mode's runner, GovCloud and China, whose consoles live elsewhere).
     */
    public static Optional<String> url(String executionArn) {
        if (executionArn == null) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(executionArn);
        if (!m.matches()) {
            return Optional.empty();
        }
        String region = m.group(1);
        return Optional.of("https://" + region + ".console.aws.amazon.com/states/home?region=" + region
                + "#/v2/executions/details/" + executionArn);
    }
}
