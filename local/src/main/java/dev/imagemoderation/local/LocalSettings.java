package dev.imagemoderation.local;

import dev.imagemoderation.aws.ConfigurationException;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.detector.DetectorSetup;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Local mode's settings: a properties file, then environment variables of the same names
 * on top. Every problem is reported at once, naming the setting, before anything starts.
 * With no Slack credentials at all the runtime starts as a demo on the Slack emulator.
 *
 * @param functionEnv the settings the functions read, as their Lambda environment would hold them
 */
public record LocalSettings(Mode mode, String host, int port, Path dataDir, Map<String, String> functionEnv) {

    public enum Mode {
        DEMO,
        SLACK
    }

    public static final String BOT_TOKEN = Setting.SLACK_BOT_TOKEN.name();
    public static final String ADMIN_TOKEN = Setting.SLACK_ADMIN_TOKEN.name();
    public static final String SIGNING_SECRET = Setting.SLACK_SIGNING_SECRET.name();
    public static final String APP_TOKEN = Setting.SLACK_APP_TOKEN.name();
    public static final String MODERATORS_CHANNEL = Setting.MODERATORS_CHANNEL.name();
    static final String API_URL = Setting.SLACK_API_URL.name();
    static final String ALLOWED_HOSTS = Setting.SLACK_ALLOWED_HOSTS.name();
    public static final String DETECTOR_MODEL = "DETECTOR_MODEL";
    /** A Rekognition-compatible endpoint to use instead of the built-in model (another machine's detector). */
    public static final String DETECTOR_ENDPOINT = "DETECTOR_ENDPOINT";

    public static final String TEST_ONLY_REMOTE_IMAGE_ORIGINS = Setting.TEST_ONLY_REMOTE_IMAGE_ORIGINS.name();
    public static final String HOST = "LOCAL_HOST";
    public static final String PORT = "LOCAL_PORT";
    /** Slack's Request URL (HTTP intake) listens here, apart from the console. */
    public static final String INTAKE_PORT = "LOCAL_INTAKE_PORT";

    public static final String DATA_DIR = "LOCAL_DATA_DIR";
    /** Where {@code bank load} puts hash banks; the data directory's {@code banks/}, for the demo too. */
    public static final String HASH_BANKS_DIR = "LOCAL_HASH_BANKS_DIR";

    public static final String VERDICT_CACHE_DAYS = Setting.VERDICT_CACHE_DAYS.name();
    /** Required whenever the console listens beyond this machine; any user name, this password. */
    public static final String CONSOLE_PASSWORD = "CONSOLE_PASSWORD";

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 3000;
    static final int DEFAULT_INTAKE_PORT = 3001;
    static final Path DEFAULT_DATA_DIR = Path.of("local-data");

    /** Every key local mode reads; anything else in the file is a typo worth stopping for. */
    static final Set<String> KEYS = Set.of(
            BOT_TOKEN,
            ADMIN_TOKEN,
            SIGNING_SECRET,
            APP_TOKEN,
            MODERATORS_CHANNEL,
            Setting.POLICY.name(),
            DETECTOR_MODEL,
            DETECTOR_ENDPOINT,
            Setting.DETECTOR_ID.name(),
            TEST_ONLY_REMOTE_IMAGE_ORIGINS,
            VERDICT_CACHE_DAYS,
            HOST,
            PORT,
            INTAKE_PORT,
            DATA_DIR,
            CONSOLE_PASSWORD,
            API_URL,
            ALLOWED_HOSTS,
            Setting.SLACK_APP_ID.name(),
            Setting.SLACK_BOT_ID.name());

    private static final Set<String> SECRETS = Set.of(BOT_TOKEN, ADMIN_TOKEN, SIGNING_SECRET, APP_TOKEN);

    public boolean socketMode() {
        return functionEnv.containsKey(APP_TOKEN);
    }

    public boolean httpIntake() {
        return functionEnv.containsKey(SIGNING_SECRET);
    }

    /**
     * @param file the properties file, or null for none
     * @param environment the process environment; only {@link #KEYS} are read from it
     * @throws ConfigurationException listing every missing or malformed setting
     */
    public static LocalSettings load(Path file, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            readFile(file, values, problems);
        }
        for (String key : KEYS) {
            String v = environment.get(key);
            if (v != null && !v.isBlank()) {
                values.put(key, v.trim());
            }
        }
        Mode mode = SECRETS.stream().noneMatch(values::containsKey) ? Mode.DEMO : Mode.SLACK;
        if (mode == Mode.SLACK) {
            requireSlack(values, problems);
        }
        String host = values.getOrDefault(HOST, DEFAULT_HOST);
        if (!HostAllowlist.isLoopback(host) && !values.containsKey(CONSOLE_PASSWORD)) {
            problems.add(HOST + "=" + host + " puts the console, and the reveal of quarantined images, beyond this"
                    + " machine: set " + CONSOLE_PASSWORD + " (the console then asks for it), or keep 127.0.0.1");
        }
        int port = port(PORT, values.get(PORT), DEFAULT_PORT, problems);
        int intakePort = port(INTAKE_PORT, values.get(INTAKE_PORT), DEFAULT_INTAKE_PORT, problems);
        if (port != 0 && port == intakePort) {
            problems.add(INTAKE_PORT + " must differ from " + PORT + " (" + port
                    + "): the Slack intake and the console never share a listener");
        }
        Path dataDir = Path.of(values.getOrDefault(DATA_DIR, DEFAULT_DATA_DIR.toString()));
        if (values.containsKey(DETECTOR_MODEL)
                && DetectorSetup.byId(values.get(DETECTOR_MODEL)).isEmpty()) {
            problems.add(DETECTOR_MODEL + "=" + values.get(DETECTOR_MODEL) + " is not a model; use one of "
                    + DetectorSetup.ids());
        }
        if (values.containsKey(DETECTOR_ENDPOINT)) {
            try {
                URI endpoint = URI.create(values.get(DETECTOR_ENDPOINT));
                if (endpoint.getHost() == null || !List.of("http", "https").contains(endpoint.getScheme())) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                problems.add(DETECTOR_ENDPOINT + "=" + values.get(DETECTOR_ENDPOINT)
                        + " is not an http(s) URL of a Rekognition-compatible endpoint");
            }
        }
        if (values.containsKey(TEST_ONLY_REMOTE_IMAGE_ORIGINS)) {
            for (String origin : Env.of(values).list(Setting.TEST_ONLY_REMOTE_IMAGE_ORIGINS)) {
                URI o;
                try {
                    o = URI.create(origin);
                } catch (IllegalArgumentException e) {
                    o = null;
                }
                if (o == null
                        || o.getHost() == null
                        || o.getScheme() == null
                        || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
                    problems.add(TEST_ONLY_REMOTE_IMAGE_ORIGINS + ": " + origin
                            + " is not an origin (scheme://host:port, nothing after it)");
                }
            }
        }
        if (values.containsKey(Setting.POLICY.name())) {
            try {
                PolicySetting.load(Env.of(values));
            } catch (ConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        if (values.containsKey(API_URL)) {
            HostAllowlist allowlist = HostAllowlist.slackPlus(Env.of(values).list(Setting.SLACK_ALLOWED_HOSTS));
            if (!allowlist.allows(URI.create(values.get(API_URL)))) {
                problems.add(API_URL + "=" + values.get(API_URL) + " is not on the token allowlist " + allowlist
                        + "; add its host to " + ALLOWED_HOSTS + " if you mean it");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("local mode cannot start:\n  - " + String.join("\n  - ", problems));
        }
        Map<String, String> functionEnv = new LinkedHashMap<>(values);
        functionEnv.keySet().removeAll(Set.of(HOST, PORT, DATA_DIR));
        functionEnv.put(INTAKE_PORT, Integer.toString(intakePort));
        if (mode == Mode.SLACK) {
            // A real workspace gets the ensemble: removal needs two models to agree (bench/README.md).
            functionEnv.putIfAbsent(DETECTOR_MODEL, DetectorSetup.ENSEMBLE_ID);
        }
        return new LocalSettings(mode, host, port, dataDir, Map.copyOf(functionEnv));
    }

    private static void readFile(Path file, Map<String, String> values, List<String> problems) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            problems.add("config file " + file + " cannot be read: " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            problems.add("config file " + file + " is malformed: " + e.getMessage());
            return;
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                problems.add("config file " + file + ": unknown setting " + key + " (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ")");
            } else if (!p.getProperty(key).isBlank()) {
                values.put(key, p.getProperty(key).trim());
            }
        }
    }

    private static void requireSlack(Map<String, String> values, List<String> problems) {
        for (String key : List.of(BOT_TOKEN, ADMIN_TOKEN, MODERATORS_CHANNEL)) {
            if (!values.containsKey(key)) {
                problems.add(
                        key + " is missing (needed whenever Slack credentials are given; give none to run the demo)");
            }
        }
        if (!values.containsKey(APP_TOKEN) && !values.containsKey(SIGNING_SECRET)) {
            problems.add("no intake: set " + APP_TOKEN + " (Socket Mode, no public URL needed) or " + SIGNING_SECRET
                    + " (HTTP, behind a tunnel), or both");
        }
        // Swapped tokens are the commonest set-up mistake; their prefixes tell them apart.
        expectPrefix(values, problems, BOT_TOKEN, "xoxb-", "the bot token");
        expectPrefix(values, problems, ADMIN_TOKEN, "xoxp-", "the admin's user token");
        expectPrefix(values, problems, APP_TOKEN, "xapp-", "an app-level token");
    }

    private static void expectPrefix(
            Map<String, String> values, List<String> problems, String key, String prefix, String what) {
        String v = values.get(key);
        boolean slackShaped = v != null && (v.matches("xox[a-z]-.*") || v.startsWith("xapp-"));
        if (slackShaped && !v.startsWith(prefix)) {
            problems.add(
                    key + " must be " + what + " (" + prefix + "...), but it starts with " + v.substring(0, 5) + "...");
        }
    }

    private static int port(String key, String value, int fallback, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + "=" + value + " is not a port number (0–65535)");
        return fallback;
    }
}
