package dev.imagemoderation.core.moderation;

import java.util.List;

/** A policy file that cannot be used; the message lists every problem with its line. */
public class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    // List.copyOf yields a serializable list; javac cannot see that through the interface type.
    @SuppressWarnings("serial")
    private final List<String> problems;

    public PolicyException(String source, List<String> problems) {
        super("invalid moderation policy " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
