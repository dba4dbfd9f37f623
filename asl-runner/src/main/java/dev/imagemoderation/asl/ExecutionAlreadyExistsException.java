package dev.imagemoderation.asl;

/** StartExecution with a name already used by a closed execution, or by a running one with other input. */
public class ExecutionAlreadyExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionAlreadyExistsException(String message) {
        super(message);
    }
}
