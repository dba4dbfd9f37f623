package dev.imagemoderation.asl;

/**
 * A failure inside an execution, named as Step Functions names it ({@code States.Timeout},
 * a Lambda exception's class name, ...), with the cause it would show.
 */
public class StatesError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String RUNTIME = "States.Runtime";

    private final String error;
    private final String cause;

    /** @param error the error name; null for a Fail state without one, as AWS leaves it */
    public StatesError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** Whether {@code ErrorEquals} names this error. States.ALL matches everything but States.Runtime, as in AWS. */
    public boolean matches(Iterable<String> errorEquals) {
        for (String name : errorEquals) {
            if (name.equals(error)
                    || (name.equals(ALL) && !RUNTIME.equals(error))
                    || (name.equals(TASK_FAILED) && error != null && !error.startsWith("States."))) {
                return true;
            }
        }
        return false;
    }
}
