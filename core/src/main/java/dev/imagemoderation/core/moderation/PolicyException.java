package dev.imagemoderation.core.moderation;

import java.util.List;

/** A policy file that cannot be used; the message lists every problem with its line. */
public class PolicyException extends RuntimeException {

    private final List<String> problems;

    public PolicyException(String source, List<String> problems) {
        super("invalid moderation policy " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
