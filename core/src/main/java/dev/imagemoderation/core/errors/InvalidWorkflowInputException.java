package dev.imagemoderation.core.errors;

/** The execution input or a task payload does not match the contract. */
public class InvalidWorkflowInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidWorkflowInputException(String message) {
        super(message);
    }

    public InvalidWorkflowInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
