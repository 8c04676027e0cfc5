package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT 3.1.1 section 4.7 wildcard matching, with the spec's own examples. */
class MqttTopicsTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = ' ', value = {
        "sport/tennis/player1/# sport/tennis/player1 true",
        "sport/tennis/player1/# sport/tennis/player1/ranking true",
        "sport/tennis/player1/# sport/tennis/player1/score/wimbledon true",
        "sport/# sport true",
        "# sport/tennis true",
        "# /leading/slash true",
        "sport/tennis/+ sport/tennis/player1 true",
        "sport/tennis/+ sport/tennis/player1/ranking false",
        "sport/+ sport false",
        "sport/+ sport/ true",
        "+/+ /finance true",
        "/+ /finance true",
        "+ /finance false",
        "+/tennis/# sport/tennis/player1 true",
        "clinic/devices/+/vitals clinic/devices/iot-1/vitals true",
        "clinic/devices/+/vitals clinic/devices/iot-1/status false",
        "clinic/devices/iot-1/# clinic/devices/iot-10/vitals false",
        "clinic/devices/iot-1 clinic/devices/iot-1 true",
        "clinic/devices/iot-1 clinic/devices/iot-1/ false",
        "clinic/devices/iot-1 Clinic/devices/iot-1 false",
        "# $SYS/broker/uptime false",
        "+/broker/uptime $SYS/broker/uptime false",
        "$SYS/# $SYS/broker/uptime true",
        "a//b a//b true",
        "a/+/b a//b true",
        "/ / true",
        "+/+ / true",
        "+ / false",
        "a/ a false",
        "a a/ false",
        "a/+ a/ true",
        "a/# a/ true",
    })
    void matches_specExamples_asTheSpecSays(String filter, String topic, boolean expected) {
        assertThat(MqttTopics.matches(MqttTopics.requireValidFilter(filter), topic)).isEqualTo(expected);
    }

    /** Every filter and topic of up to three levels from a small alphabet, against the definition by levels. */
    @Test
    void matches_everySmallCombination_agreesWithMatchingLevelByLevel() {
        List<String> filters = combinations(List.of("a", "b", "", "+", "#"), 3).stream()
                .filter(f -> !f.contains("#/") && !f.isEmpty()).toList();
        List<String> topics = new ArrayList<>(combinations(List.of("a", "b", "", "$S"), 3).stream()
                .filter(t -> !t.isEmpty() && (!t.contains("$S") || t.startsWith("$S"))).toList());
        int matched = 0;
        for (String filter : filters) {
            for (String topic : topics) {
                boolean expected = byLevels(filter, topic);
                assertThat(MqttTopics.matches(filter, topic)).as("%s against %s", filter, topic).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(filters).hasSizeGreaterThan(100);
        assertThat(matched).isGreaterThan(500);
    }

    private static List<String> combinations(List<String> levels, int most) {
        List<String> out = new ArrayList<>();
        List<String> current = List.of("");
        for (int n = 1; n <= most; n++) {
            List<String> next = new ArrayList<>();
            for (String prefix : current) {
                for (String level : levels) {
                    next.add(n == 1 ? level : prefix + "/" + level);
                }
            }
            out.addAll(next);
            current = next;
        }
        return out;
    }

    /** MQTT 3.1.1 4.7 read literally: split into levels, '#' takes the rest (and its parent), '+' one level. */
    private static boolean byLevels(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis#", "sport/#/ranking", "sport+", "sport/+player", "#/a", ""})
    void requireValidFilter_wildcardInsideALevel_isRefusedWithTheRule(String filter) {
        assertThatThrownBy(() -> MqttTopics.requireValidFilter(filter)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*('#' must be|'\\+' must be|is empty).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "+/+", "a/#", "/", "clinic/devices/+/vitals"})
    void requireValidFilter_wellFormed_isReturned(String filter) {
        assertThat(MqttTopics.requireValidFilter(filter)).isEqualTo(filter);
    }

    @ParameterizedTest
    @CsvSource({"a/b,true", "a/+,false", "a/#,false", "'',false", "/,true"})
    void isValidTopic_wildcardsOrEmpty_areNoTopics(String topic, boolean valid) {
        assertThat(MqttTopics.isValidTopic(topic)).isEqualTo(valid);
    }
}
