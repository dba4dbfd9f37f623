package dev.imagemoderation.aws;

import dev.imagemoderation.core.config.Setting;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads configuration from environment variables; a map stands in for the environment in tests. */
public final class Env {

    private final Function<String, String> lookup;

    private Env(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    public static Env system() {
        return new Env(System::getenv);
    }

    public static Env of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Env(copy::get);
    }

    public Optional<String> optional(Setting setting) {
        return optional(setting.name());
    }

    /** A secret's ARN variable ({@link Setting#arnVariable()}). */
    Optional<String> optional(String name) {
        String v = lookup.apply(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** @throws ConfigurationException naming the variable when it is missing or blank */
    public String required(Setting setting) {
        return optional(setting)
                .orElseThrow(() -> new ConfigurationException("environment variable " + setting + " is not set"));
    }

    /** A comma- or whitespace-separated list, e.g. {@code C0123,C0456}. */
    public Set<String> list(Setting setting) {
        return optional(setting)
                .map(v -> Arrays.stream(v.split("[,\\s]+"))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }
}
