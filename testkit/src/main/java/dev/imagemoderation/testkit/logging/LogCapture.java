package dev.imagemoderation.testkit.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the code under test logs, rendered by the same JSON encoder the
 * functions use in production, so a test can assert on the exact text an operator
 * (or an attacker with log access) would read.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final JsonEncoder encoder = new JsonEncoder();
    private final Logger root;

    private LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every captured event as the JSON line production would print. */
    public List<String> lines() {
        return appender.list.stream()
                .map(e -> new String(encoder.encode(e), StandardCharsets.UTF_8).strip())
                .toList();
    }

    public String all() {
        return String.join("\n", lines());
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
