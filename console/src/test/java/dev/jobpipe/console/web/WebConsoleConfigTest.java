package dev.jobpipe.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WebConsoleConfigTest {

  private static Map<String, Object> base() {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", "localhost:9092");
    p.put(WebConsoleConfig.AUTH_INSECURE_NO_AUTH_CONFIG, true);
    return p;
  }

  @Test
  void withoutUsersItRefusesUnlessInsecureIsAskedFor() {
    Map<String, Object> p = base();
    p.remove(WebConsoleConfig.AUTH_INSECURE_NO_AUTH_CONFIG);
    assertThatThrownBy(() -> new WebConsoleConfig(p)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(WebConsoleConfig.AUTH_USERS_FILE_CONFIG).hasMessageContaining("no users");
    p.put(WebConsoleConfig.AUTH_USERS_CONFIG, "alice:viewer:sha256:" + "0".repeat(64));
    assertThat(new WebConsoleConfig(p).insecureNoAuth()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http.port|70000",
      "http.port|-1",
      "mask.fields|nocolon",
      "mask.fields|:field",
      "mask.fields|type:",
      "sample.interval.ms|10",
      "auth.session.timeout.ms|5",
      "api.timeout.ms|0"})
  void invalidValuesNameTheirKey(String key, String value) {
    Map<String, Object> p = base();
    p.put(key, value);
    assertThatThrownBy(() -> new WebConsoleConfig(p)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
  }

  @Test
  void bootstrapServersAreRequired() {
    Map<String, Object> p = base();
    p.remove("bootstrap.servers");
    assertThatThrownBy(() -> new WebConsoleConfig(p)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void clientPropertiesLeaveOutTheConsoleKeysAndTheSecretsStayHidden() {
    Map<String, Object> p = base();
    p.put(WebConsoleConfig.AUTH_USERS_CONFIG, "alice:operator:sha256:" + "1".repeat(64));
    p.put("security.protocol", "SASL_SSL");
    WebConsoleConfig c = new WebConsoleConfig(p);
    assertThat(c.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
        .doesNotContainKeys(WebConsoleConfig.AUTH_USERS_CONFIG, WebConsoleConfig.AUTH_INSECURE_NO_AUTH_CONFIG);
    assertThat(c.toString()).doesNotContain("sha256").doesNotContain("1111");
    assertThat(c.inlineUsers().toString()).doesNotContain("1111");
  }

  @Test
  void theForwarderGroupIsTheRoutersOwnName() {
    Map<String, Object> p = base();
    p.put(WebConsoleConfig.ROUTER_APPLICATION_ID_CONFIG, "my-router");
    assertThat(new WebConsoleConfig(p).forwarderGroupId()).isEqualTo("my-router-forwarder");
  }

  @Test
  void anUnreadableUsersFileNamesItsKey() {
    Map<String, Object> p = base();
    p.remove(WebConsoleConfig.AUTH_INSECURE_NO_AUTH_CONFIG);
    p.put(WebConsoleConfig.AUTH_USERS_FILE_CONFIG, "/nonexistent/users");
    assertThatThrownBy(() -> WebConsole.users(new WebConsoleConfig(p))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(WebConsoleConfig.AUTH_USERS_FILE_CONFIG).hasMessageContaining("cannot read");
  }

  @Test
  void aBadInlineEntryNamesItsKeyButNotItsHash() {
    Map<String, Object> p = base();
    p.remove(WebConsoleConfig.AUTH_INSECURE_NO_AUTH_CONFIG);
    p.put(WebConsoleConfig.AUTH_USERS_CONFIG, "alice:admin:$2a$10$abcdefghijklmnopqrstuuvwxyzabcdefghijklmnopqrstuvwxyz12");
    assertThatThrownBy(() -> WebConsole.users(new WebConsoleConfig(p))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(WebConsoleConfig.AUTH_USERS_CONFIG).hasMessageContaining("unknown role 'admin'")
        .message().doesNotContain("abcdefghij");
  }
}
