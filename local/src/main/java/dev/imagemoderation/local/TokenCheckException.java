package dev.imagemoderation.local;

import java.util.List;

/** The start-up check found the Slack tokens unusable; the message lists every problem, never a token. */
public final class TokenCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    // List.copyOf yields a serializable list; javac cannot see that through the interface type.
    @SuppressWarnings("serial")
    private final List<String> problems;

    TokenCheckException(List<String> problems) {
        super("the Slack tokens are not usable:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
