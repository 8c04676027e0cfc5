package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttBrokerSettingsTest {

    @Test
    void of_urlAndClientId_hasTheDocumentedDefaults() {
        MqttBrokerSettings s = MqttBrokerSettings.of("tcp://broker.local:1883", "smartclinic-gw-1");

        assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.username()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://broker:1883", "broker:1883", "tcp://", "tcp://broker:1883/path", "mqtt://b:1"})
    void url_notTcpOrSslHostPort_isRefusedWithTheExpectedForm(String url) {
        assertThatThrownBy(() -> MqttBrokerSettings.of(url, "gw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url);
    }

    @Test
    void url_ssl_isAccepted() {
        assertThat(MqttBrokerSettings.of("ssl://broker.local:8883", "gw").url()).isEqualTo("ssl://broker.local:8883");
    }

    @Test
    void withTls_tcpUrl_isRefusedAskingForSsl() throws NoSuchAlgorithmException {
        SSLContext context = SSLContext.getDefault();
        MqttBrokerSettings plain = MqttBrokerSettings.of("tcp://127.0.0.1:1883", "c");

        assertThatThrownBy(() -> plain.withTls(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp://127.0.0.1:1883").hasMessageContaining("ssl://");
    }

    @Test
    void withTls_sslUrl_keptByTheOtherSettings() throws NoSuchAlgorithmException {
        SSLContext context = SSLContext.getDefault();
        MqttBrokerSettings s = MqttBrokerSettings.of("ssl://broker.local:8883", "gw").withTls(context)
                .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).withKeepAlive(Duration.ofSeconds(5))
                .withConnectTimeout(Duration.ofSeconds(3)).withCredentials("gateway", null);

        assertThat(s.tls()).isSameAs(context);
        assertThat(MqttBrokerSettings.of("ssl://broker.local:8883", "gw").tls()).isNull();
    }

    @Test
    void toString_withPassword_neverShowsIt() {
        MqttBrokerSettings s = MqttBrokerSettings.of("tcp://b:1883", "gw")
                .withCredentials("gateway", MqttBrokerSettings.Password.of("s3cret".toCharArray()));

        assertThat(s.toString()).contains("gateway").contains("****").doesNotContain("s3cret");
    }

    @Test
    void passwordFile_firstLineWithoutItsLineEnd_isThePassword(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\r\nignored\n");
        MqttBrokerSettings.Password p = MqttBrokerSettings.Password.fromFile(file);

        assertThat(p.read()).containsExactly('s', '3', 'c', 'r', 'e', 't');
        assertThat(p.toString()).isEqualTo("from file " + file);
    }

    @Test
    void passwordFile_missing_failsNamingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("missing");
        assertThatThrownBy(() -> MqttBrokerSettings.Password.fromFile(file).read()).isInstanceOf(IOException.class)
                .hasMessageContaining("broker password file " + file);
    }

    @Test
    void password_copiedFromTheCallersArray_survivesItsWiping() throws IOException {
        char[] chars = "s3cret".toCharArray();
        MqttBrokerSettings.Password p = MqttBrokerSettings.Password.of(chars);
        Arrays.fill(chars, '\0');

        assertThat(new String(p.read())).isEqualTo("s3cret");
    }
}
