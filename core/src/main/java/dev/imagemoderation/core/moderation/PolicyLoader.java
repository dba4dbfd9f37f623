package dev.imagemoderation.core.moderation;

import dev.imagemoderation.core.digest.Sha256;
import dev.imagemoderation.core.workflow.AnimationBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a policy file (YAML; JSON is YAML too) and validates all of it before anything
 * runs: every problem is reported at once, each with its line, and the policy is
 * refused. See {@code default.yaml} beside this class for the format.
 */
public final class PolicyLoader {

    /** The presets that ship: {@code default}, {@code strict}, and the labelled {@code demo}. */
    public static final List<String> PRESETS = List.of("default", "strict", "demo");

    private static final Set<String> TOP_LEVEL = Set.of(
            "name",
            "taxonomyVersion",
            "thresholds",
            "ignore",
            "illustrated",
            "channels",
            "exemptChannels",
            "removal",
            "notices",
            "animation");
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");

    private PolicyLoader() {}

    public static Policy preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("no preset policy '" + name + "'; presets are " + PRESETS);
        }
        try (InputStream in = PolicyLoader.class.getResourceAsStream("policy-" + name + ".yaml")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Policy load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** A preset's name, or a path to a policy file. */
    public static Policy presetOrFile(String nameOrPath) throws IOException {
        return PRESETS.contains(nameOrPath) ? preset(nameOrPath) : load(Path.of(nameOrPath));
    }

    public static Policy parse(String text, String source) {
        List<String> problems = new ArrayList<>();
        LocatedYaml root;
        try {
            root = LocatedYaml.parse(text, problems);
        } catch (IOException e) {
            throw new PolicyException(
                    source,
                    List.of("not valid YAML: "
                            + e.getMessage().lines().findFirst().orElse("")));
        }
        if (!(root instanceof LocatedYaml.Obj top)) {
            throw new PolicyException(source, List.of("line " + root.line() + ": a policy is a mapping of settings"));
        }
        Policy policy = new Reader(top, problems).policy(text);
        if (!problems.isEmpty()) {
            throw new PolicyException(source, problems);
        }
        return policy;
    }

    /** One pass over the tree, adding every problem it meets. */
    private static final class Reader {
        private final LocatedYaml.Obj top;
        private final List<String> problems;
        private Taxonomy taxonomy = Taxonomy.v7();

        Reader(LocatedYaml.Obj top, List<String> problems) {
            this.top = top;
            this.problems = problems;
        }

        Policy policy(String text) {
            unknownKeys(top, TOP_LEVEL, "");
            String name = string(top.fields().get("name"), "name", "custom");
            LocatedYaml version = top.fields().get("taxonomyVersion");
            if (version == null) {
                problem(top.line(), "taxonomyVersion is required (7 is Rekognition's current taxonomy)");
            } else if (version instanceof LocatedYaml.Scalar s
                    && s.value() != null
                    && Taxonomy.forVersion(s.value().toString()).isPresent()) {
                taxonomy = Taxonomy.forVersion(s.value().toString()).orElseThrow();
            } else {
                problem(version.line(), "taxonomyVersion must be 7 or 6");
            }
            RuleSet base = ruleSet(top, "policy");
            if (base.thresholds().isEmpty() && problems.isEmpty()) {
                problem(top.line(), "the policy names no label in 'thresholds', so it would never act");
            }
            Set<String> exempt = channelList(top.fields().get("exemptChannels"));
            Map<String, RuleSet> channels = new LinkedHashMap<>();
            LocatedYaml ch = top.fields().get("channels");
            if (ch instanceof LocatedYaml.Obj obj) {
                obj.fields().forEach((id, node) -> {
                    int line = obj.keyLines().get(id);
                    if (!CHANNEL_ID.matcher(id).matches()) {
                        problem(line, "'" + id + "' is not a Slack channel id (like C0123ABCD)");
                    }
                    if (exempt.contains(id)) {
                        problem(
                                line,
                                "channel " + id + " is both exempt and overridden; which applies would be ambiguous");
                    }
                    if (node instanceof LocatedYaml.Obj o) {
                        unknownKeys(o, RULE_SET_KEYS, "channel " + id + ": ");
                        channels.put(id, base.overriddenBy(ruleSet(o, "channel " + id)));
                    } else {
                        problem(line, "channel " + id + " must be a mapping with 'thresholds' and/or 'ignore'");
                    }
                });
            } else if (ch != null) {
                problem(ch.line(), "'channels' must be a mapping of channel id to overrides");
            }
            boolean deleteMessage = false;
            if (top.fields().get("removal") instanceof LocatedYaml.Obj removal) {
                deleteMessage = bool(removal.fields().get("deleteMessage"), "removal.deleteMessage", false);
            }
            Notices notices = Notices.DEFAULT;
            if (top.fields().get("notices") instanceof LocatedYaml.Obj n) {
                notices = new Notices(
                        string(n.fields().get("channel"), "notices.channel", Notices.DEFAULT.channelNotice()),
                        string(n.fields().get("poster"), "notices.poster", Notices.DEFAULT.posterMessage()),
                        string(n.fields().get("appeal"), "notices.appeal", Notices.DEFAULT.appealHint()));
            }
            AnimationBudget animation = AnimationBudget.DEFAULT;
            LocatedYaml a = top.fields().get("animation");
            if (a instanceof LocatedYaml.Obj anim) {
                unknownKeys(anim, Set.of("maxFrames", "maxPixels"), "animation: ");
                long frames = whole(anim.fields().get("maxFrames"), "animation.maxFrames", animation.maxFrames());
                long pixels = whole(anim.fields().get("maxPixels"), "animation.maxPixels", animation.maxPixels());
                animation = new AnimationBudget((int) Math.min(Integer.MAX_VALUE, frames), pixels);
            } else if (a != null) {
                problem(a.line(), "'animation' must be a mapping with maxFrames and/or maxPixels");
            }
            return new Policy(
                    name,
                    name + "@" + Sha256.hex(text).substring(0, 12),
                    taxonomy,
                    base,
                    channels,
                    exempt,
                    deleteMessage,
                    notices,
                    animation);
        }

        /** The keys a rule set may have; at the top level, besides the policy's own settings. */
        private static final Set<String> RULE_SET_KEYS = Set.of("thresholds", "ignore", "illustrated");

        private RuleSet ruleSet(LocatedYaml.Obj node, String where) {
            RuleSet own = ownRules(node, where);
            LocatedYaml drawings = node.fields().get("illustrated");
            if (drawings == null) {
                return own;
            }
            if (!(drawings instanceof LocatedYaml.Obj d)) {
                problem(drawings.line(), where + ": 'illustrated' must be a mapping with 'thresholds' and/or 'ignore'");
                return own;
            }
            unknownKeys(d, Set.of("thresholds", "ignore"), where + " illustrated: ");
            return new RuleSet(own.thresholds(), own.ignore(), ownRules(d, where + " illustrated"));
        }

        private RuleSet ownRules(LocatedYaml.Obj node, String where) {
            Map<String, Thresholds> thresholds = new LinkedHashMap<>();
            LocatedYaml t = node.fields().get("thresholds");
            if (t instanceof LocatedYaml.Obj obj) {
                obj.fields().forEach((label, value) -> {
                    int line = obj.keyLines().get(label);
                    if (knownLabel(label, line)) {
                        Thresholds th = thresholds(value, label);
                        if (th != null) {
                            thresholds.put(label, th);
                        }
                    }
                });
            } else if (t != null) {
                problem(t.line(), where + ": 'thresholds' must map label names to {review, remove}");
            }
            Set<String> ignore = new HashSet<>();
            LocatedYaml ig = node.fields().get("ignore");
            if (ig instanceof LocatedYaml.Arr arr) {
                for (LocatedYaml item : arr.items()) {
                    String label = item instanceof LocatedYaml.Scalar s && s.value() instanceof String str ? str : null;
                    if (label == null) {
                        problem(item.line(), where + ": 'ignore' lists label names");
                    } else if (knownLabel(label, item.line())) {
                        if (thresholds.containsKey(label)) {
                            problem(
                                    item.line(),
                                    where + ": '" + label
                                            + "' has thresholds and is ignored; which applies would be ambiguous");
                        }
                        ignore.add(label);
                    }
                }
            } else if (ig != null) {
                problem(ig.line(), where + ": 'ignore' must be a list of label names");
            }
            return new RuleSet(thresholds, ignore);
        }

        private Thresholds thresholds(LocatedYaml value, String label) {
            if (!(value instanceof LocatedYaml.Obj o)) {
                problem(value.line(), "'" + label + "' needs {review: N} and/or {remove: N}");
                return null;
            }
            for (String k : o.fields().keySet()) {
                if (!k.equals("review") && !k.equals("remove")) {
                    problem(
                            o.keyLines().get(k),
                            "'" + label + "': unknown band '" + k + "' (bands are review and remove)");
                }
            }
            Float review = percent(o.fields().get("review"), label + ".review");
            Float remove = percent(o.fields().get("remove"), label + ".remove");
            if (review == null && remove == null) {
                problem(o.line(), "'" + label + "' sets neither review nor remove");
                return null;
            }
            if (review != null && remove != null && review > remove) {
                problem(
                        o.line(),
                        "'" + label + "': review (" + review + ") is above remove (" + remove
                                + "); review must not exceed remove");
            }
            return new Thresholds(review, remove);
        }

        private Float percent(LocatedYaml node, String what) {
            if (node == null) {
                return null;
            }
            if (node instanceof LocatedYaml.Scalar s
                    && s.value() instanceof Number n
                    && n.doubleValue() >= 0
                    && n.doubleValue() <= 100) {
                return n.floatValue();
            }
            problem(node.line(), what + " must be a confidence from 0 to 100");
            return null;
        }

        private boolean knownLabel(String label, int line) {
            if (taxonomy.label(label).isPresent()) {
                return true;
            }
            for (String other : List.of("7", "6")) {
                if (!other.equals(taxonomy.version())
                        && Taxonomy.forVersion(other).orElseThrow().label(label).isPresent()) {
                    problem(
                            line,
                            "'" + label + "' is a taxonomy v" + other + " label; this policy declares taxonomyVersion "
                                    + taxonomy.version());
                    return false;
                }
            }
            problem(line, "'" + label + "' is not a label of Rekognition's moderation taxonomy v" + taxonomy.version());
            return false;
        }

        private Set<String> channelList(LocatedYaml node) {
            Set<String> ids = new HashSet<>();
            if (node instanceof LocatedYaml.Arr arr) {
                for (LocatedYaml item : arr.items()) {
                    if (item instanceof LocatedYaml.Scalar s
                            && s.value() instanceof String id
                            && CHANNEL_ID.matcher(id).matches()) {
                        ids.add(id);
                    } else {
                        problem(item.line(), "exemptChannels lists Slack channel ids (like C0123ABCD)");
                    }
                }
            } else if (node != null) {
                problem(node.line(), "exemptChannels must be a list of channel ids");
            }
            return ids;
        }

        private String string(LocatedYaml node, String what, String fallback) {
            if (node == null) {
                return fallback;
            }
            if (node instanceof LocatedYaml.Scalar s && s.value() instanceof String str && !str.isBlank()) {
                return str;
            }
            problem(node.line(), what + " must be a non-empty string");
            return fallback;
        }

        private long whole(LocatedYaml node, String what, long fallback) {
            if (node == null) {
                return fallback;
            }
            if (node instanceof LocatedYaml.Scalar s
                    && s.value() instanceof Number n
                    && n.doubleValue() >= 1
                    && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            problem(node.line(), what + " must be a whole number of at least 1");
            return fallback;
        }

        private boolean bool(LocatedYaml node, String what, boolean fallback) {
            if (node == null) {
                return fallback;
            }
            if (node instanceof LocatedYaml.Scalar s && s.value() instanceof Boolean b) {
                return b;
            }
            problem(node.line(), what + " must be true or false");
            return fallback;
        }

        /** Names each key of {@code node} that is not one of {@code known}: a typo is the usual cause. */
        private void unknownKeys(LocatedYaml.Obj node, Set<String> known, String where) {
            for (String k : node.fields().keySet()) {
                if (!known.contains(k)) {
                    problem(
                            node.keyLines().get(k),
                            where + "unknown setting '" + k + "'; known: " + new TreeSet<>(known));
                }
            }
        }

        private void problem(Integer line, String message) {
            problems.add("line " + (line == null ? "?" : line) + ": " + message);
        }
    }
}
