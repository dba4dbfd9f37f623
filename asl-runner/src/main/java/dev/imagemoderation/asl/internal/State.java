package dev.imagemoderation.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** One state of a definition, as loaded and validated. Expression fields hold JSON templates. */
public sealed interface State {

    String name();

    /** Where to go next, or null for a terminal state. */
    String next();

    JsonNode output();

    JsonNode assign();

    record Retrier(
            List<String> errorEquals,
            double intervalSeconds,
            int maxAttempts,
            double backoffRate,
            Double maxDelaySeconds,
            boolean fullJitter) {}

    record Catcher(List<String> errorEquals, String next, JsonNode output, JsonNode assign) {}

    record Task(
            String name,
            String next,
            JsonNode output,
            JsonNode assign,
            String resource,
            JsonNode arguments,
            JsonNode timeoutSeconds,
            JsonNode heartbeatSeconds,
            List<Retrier> retry,
            List<Catcher> catchers)
            implements State {}

    record Pass(String name, String next, JsonNode output, JsonNode assign) implements State {}

    record ChoiceRule(JsonNode condition, String next, JsonNode output, JsonNode assign) {}

    record Choice(String name, List<ChoiceRule> choices, String defaultNext, JsonNode output, JsonNode assign)
            implements State {
        @Override
        public String next() {
            return null;
        }
    }

    record Wait(String name, String next, JsonNode output, JsonNode assign, JsonNode seconds, JsonNode timestamp)
            implements State {}

    record Succeed(String name, JsonNode output) implements State {
        @Override
        public String next() {
            return null;
        }

        @Override
        public JsonNode assign() {
            return null;
        }
    }

    /** @param jsonata false for a JSONPath Fail, whose Error and Cause are literals */
    record Fail(String name, JsonNode error, JsonNode cause, boolean jsonata) implements State {
        @Override
        public String next() {
            return null;
        }

        @Override
        public JsonNode output() {
            return null;
        }

        @Override
        public JsonNode assign() {
            return null;
        }
    }

    record MapState(
            String name,
            String next,
            JsonNode output,
            JsonNode assign,
            JsonNode items,
            JsonNode itemSelector,
            JsonNode maxConcurrency,
            Scope processor,
            List<Retrier> retry,
            List<Catcher> catchers)
            implements State {}

    record Parallel(
            String name,
            String next,
            JsonNode output,
            JsonNode assign,
            JsonNode arguments,
            List<Scope> branches,
            List<Retrier> retry,
            List<Catcher> catchers)
            implements State {}

    /** A set of states with its start: the machine, a Map's processor, a Parallel branch. */
    record Scope(String startAt, Map<String, State> states) {}
}
