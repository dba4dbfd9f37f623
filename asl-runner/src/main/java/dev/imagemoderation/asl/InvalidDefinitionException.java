package dev.imagemoderation.asl;

import java.util.List;

/** A definition the runner refuses, with every problem found, each naming its state. */
public class InvalidDefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    // List.copyOf yields a serializable list; javac cannot see that through the interface type.
    @SuppressWarnings("serial")
    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("invalid state machine definition:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
