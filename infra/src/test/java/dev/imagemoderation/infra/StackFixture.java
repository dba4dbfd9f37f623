package dev.imagemoderation.infra;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** Synthesises the stack once per context (synthesis costs seconds: jsii runs the CDK in Node). */
final class StackFixture {

    private static final Map<Map<String, Object>, Template> CACHE = new HashMap<>();

    private StackFixture() {}

    static synchronized Template template(Map<String, Object> context) {
        return CACHE.computeIfAbsent(context, c -> {
            App app = App.Builder.create().context(c).build();
            return Template.fromStack(ModerationApp.build(app));
        });
    }
}
