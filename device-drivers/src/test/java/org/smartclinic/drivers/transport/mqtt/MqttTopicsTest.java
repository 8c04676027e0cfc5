package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    })
    void matches_specExamples_asTheSpecSays(String filter, String topic, boolean expected) {
        assertThat(MqttTopics.matches(MqttTopics.requireValidFilter(filter), topic)).isEqualTo(expected);
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
