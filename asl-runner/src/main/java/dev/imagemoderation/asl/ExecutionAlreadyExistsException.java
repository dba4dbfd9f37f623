package dev.imagemoderation.asl;

/** StartExecution with a name already used by a closed execution, or by a running one with other input. */
public class ExecutionAlreadyExistsException extends RuntimeException {

    public ExecutionAlreadyExistsException(String message) {
        super(message);
    }
}
