package org.smartclinic.drivers.transport.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * MQTT 3.1.1 topic names and filters (OASIS MQTT 3.1.1, section 4.7): levels separated by {@code '/'}, empty
 * levels allowed; in a filter {@code '+'} stands for exactly one level and {@code '#'} for any number of levels
 * (including none: {@code a/#} matches {@code a}), and each occupies a whole level, {@code '#'} only the last one.
 * A filter that starts with a wildcard does not match a topic that starts with {@code '$'} (the broker's own
 * {@code $SYS/...} topics).
 */
public final class MqttTopics {

    /** Longest topic name or filter, in UTF-8 bytes. */
    public static final int MAX_LENGTH = 65_535;

    private MqttTopics() {
    }

    /**
     * Checks a subscription filter.
     *
     * @return {@code filter}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String requireValidFilter(String filter) {
        checkCommon(filter, "topic filter");
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': '#' must be a whole level and the last one, e.g. clinic/devices/#");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': '+' must be a whole level, e.g. clinic/+/vitals");
            }
        }
        return filter;
    }

    /** True if {@code topic} is a valid topic name: no wildcards, 1 to {@value #MAX_LENGTH} bytes, no NUL. */
    public static boolean isValidTopic(String topic) {
        try {
            checkCommon(topic, "topic");
            return topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * True if the topic name {@code topic} matches the (valid) filter {@code filter}. Walks both level by level
     * without splitting them: every message is matched against every subscription of its connection.
     */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        while (true) {
            int fEnd = levelEnd(filter, f);
            int fLength = fEnd - f;
            if (fLength == 1 && filter.charAt(f) == '#') {
                return true;
            }
            if (t < 0) {
                return false;
            }
            int tEnd = levelEnd(topic, t);
            boolean any = fLength == 1 && filter.charAt(f) == '+';
            if (!any && (fLength != tEnd - t || !filter.regionMatches(f, topic, t, fLength))) {
                return false;
            }
            if (fEnd == filter.length()) {
                return tEnd == topic.length();
            }
            f = fEnd + 1;
            t = tEnd == topic.length() ? -1 : tEnd + 1;
        }
    }

    private static int levelEnd(String text, int from) {
        int slash = text.indexOf('/', from);
        return slash < 0 ? text.length() : slash;
    }

    private static void checkCommon(String text, String what) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(what + " '" + text.replace('\u0000', '?') + "' contains a NUL");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_LENGTH + " bytes");
        }
    }
}
