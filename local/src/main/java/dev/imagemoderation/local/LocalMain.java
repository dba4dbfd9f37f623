package dev.imagemoderation.local;

import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.aws.ConfigurationException;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.slackactions.SlackActionsConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh [--config FILE]}: local mode from the command line. With Slack
 * credentials it checks them, then serves the workspace; with none it runs the demo on the
 * Slack emulator. Ctrl-C stops it cleanly: intake first; queued events stay in the durable queue,
 * running executions resume at the next start.
 */
public final class LocalMain {

    private LocalMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path config = null;
        if (args.length > 0 && args[0].equals("bank")) {
            LocalSettings settings;
            try {
                settings = LocalSettings.load(null, System.getenv());
            } catch (ConfigurationException e) {
                System.err.println(e.getMessage());
                System.exit(2);
                return;
            }
            System.exit(BankCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), banksDir(settings), out, System.err));
            return;
        }
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = i + 1 < args.length ? Path.of(args[++i]) : usage("--config needs a file");
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        LocalSettings settings;
        try {
            settings = LocalSettings.load(config, System.getenv());
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DemoSlack demo = null;
        Map<String, String> functionEnv = new java.util.HashMap<>(settings.functionEnv());
        Path dataDir = settings.dataDir();
        // One banks directory for the demo and for Slack: `bank load` does not know which will run.
        functionEnv.put(LocalSettings.HASH_BANKS_DIR, banksDir(settings).toString());
        if (settings.mode() == LocalSettings.Mode.DEMO) {
            demo = new DemoSlack();
            if (!functionEnv
                    .getOrDefault(LocalSettings.DETECTOR_MODEL, DemoSlack.DEMO_MODEL)
                    .equals(DemoSlack.DEMO_MODEL)) {
                out.println("demo: using " + DemoSlack.DEMO_MODEL + ", the model its images were chosen for ("
                        + LocalSettings.DETECTOR_MODEL + " applies with Slack settings)");
            }
            functionEnv = demo.settings(functionEnv);
            dataDir = dataDir.resolve("demo");
        } else {
            try {
                Env env = Env.of(functionEnv);
                Secrets secrets = LocalRuntime.settingsSecrets();
                SlackActionsConfig slack = SlackActionsConfig.from(env, secrets);
                TokenCheck.Identity who = new TokenCheck(slack.api())
                        .check(
                                slack.botToken(),
                                slack.adminToken(),
                                settings.socketMode() ? secrets.fromEnv(env, Setting.SLACK_APP_TOKEN) : null);
                out.printf(
                        "Slack: workspace %s (%s), bot %s, admin %s%n",
                        who.team(), who.teamId(), who.botUserId(), who.adminName());
            } catch (TokenCheckException e) {
                System.err.println(e.getMessage());
                System.exit(3);
                return;
            }
        }

        LocalRuntime runtime;
        try {
            runtime = new LocalRuntime(dataDir, functionEnv, settings.host(), settings.port(), demo);
        } catch (BindException e) {
            System.err.printf(
                    "a port on %s is in use (console %d, Slack intake %s): set LOCAL_PORT or LOCAL_INTAKE_PORT to"
                            + " another port (0 picks a free one)%n",
                    settings.host(), settings.port(), functionEnv.get(LocalSettings.INTAKE_PORT));
            System.exit(4);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("local mode could not start: " + e.getMessage());
            System.exit(4);
            return;
        }
        runtime.workflow().onClosed(e -> out.println(narrate(e)));
        banner(out, settings, runtime, demo != null, dataDir);

        CountDownLatch stopped = new CountDownLatch(1);
        DemoSlack demoToClose = demo;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping: intake closed; queued events and running executions continue at the next start");
            runtime.close();
            if (demoToClose != null) {
                demoToClose.close();
            }
            stopped.countDown();
        }));
        if (demo != null) {
            demo.requestUrl(runtime.slackEventsUrl());
            demo.awaitSocketMode(Duration.ofSeconds(10));
            out.println("demo: pat-poster shares three generated images in #general ...");
            demo.postImages();
        }
        stopped.await();
    }

    private static void banner(
            PrintStream out, LocalSettings settings, LocalRuntime runtime, boolean demo, Path dataDir) {
        out.println();
        out.println(
                demo
                        ? "Image moderation bot — local mode, DEMO (emulated Slack workspace, demo policy)"
                        : "Image moderation bot — local mode");
        runtime.urls().forEach((what, url) -> out.printf("  %-45s %s%n", what, url));
        if (runtime.socketMode()) {
            out.printf("  %-45s %s%n", "Slack intake", "Socket Mode (connected)");
        }
        out.printf("  %-45s %s%n", "data", dataDir.toAbsolutePath());
        if (runtime.consoleLogin()) {
            out.println(
                    "  note: the console asks for CONSOLE_PASSWORD (any user name; it is recorded with each reveal)");
        }
        out.println("Ctrl-C stops it.");
        out.println();
        for (String warning : runtime.warnings()) {
            System.err.println("!".repeat(78));
            System.err.println(warning);
            System.err.println("!".repeat(78));
        }
    }

    static String narrate(Execution e) {
        var s = ExecutionView.summary(e);
        StringBuilder line = new StringBuilder();
        line.append(
                e.status() == Execution.Status.FAILED
                        ? "FAILED " + e.error()
                        : s.path("verdict").asText("?"));
        s.path("files").forEach(f -> line.append(' ').append(f.path("name").asText()));
        line.append(" in ").append(s.path("channelId").asText());
        if (!s.path("topLabels").isEmpty()) {
            var top = s.path("topLabels").get(0);
            line.append(" — ")
                    .append(top.path("name").asText())
                    .append(' ')
                    .append(top.path("confidence").asText())
                    .append('%');
        }
        line.append(" (")
                .append(s.path("durationMs").asText("?"))
                .append(" ms, ")
                .append(e.name())
                .append(')');
        return line.toString();
    }

    private static <T> T usage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        System.exit(2);
        return null;
    }

    static Path banksDir(LocalSettings settings) {
        return settings.dataDir().resolve("banks");
    }

    static final String USAGE = """
            usage: ./run-local.sh [--config FILE]
              With no Slack settings: the demo, on an emulated Slack workspace.
              Settings (file, then environment variables of the same names):
                SLACK_BOT_TOKEN, SLACK_ADMIN_TOKEN, MODERATORS_CHANNEL      required with Slack
                SLACK_APP_TOKEN (Socket Mode) and/or SLACK_SIGNING_SECRET (HTTP intake)
                POLICY (default | strict | demo | a file), DETECTOR_MODEL (ensemble, the default with Slack | mobilenet_v2 |
                mobilenet_v2_mid | inception_v3)
                LOCAL_HOST (127.0.0.1), LOCAL_PORT (3000, the console), LOCAL_INTAKE_PORT (3001, Slack's
                Request URL), LOCAL_DATA_DIR (./local-data),
                CONSOLE_PASSWORD (required when LOCAL_HOST is not a loopback address),
                VERDICT_CACHE_DAYS (30; how long the detector's labels for a file are reused, 0 for never)
            ./run-local.sh bank load NAME FILE | bank list: hash banks (PDQ lists whose matches are removed)""";
}
