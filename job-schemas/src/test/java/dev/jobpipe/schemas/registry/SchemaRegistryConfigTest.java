package dev.jobpipe.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

  @Test
  void defaultsApplyAndUrlsAreTrimmed() {
    SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a:8081/, https://b/apis/ccompat/v7//"));

    assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b/apis/ccompat/v7"));
    assertThat(config.getInt(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG))
        .isEqualTo(SchemaRegistryConfig.DEFAULT_REQUEST_TIMEOUT_MS);
    assertThat(config.getInt(SchemaRegistryConfig.RETRIES_CONFIG)).isEqualTo(SchemaRegistryConfig.DEFAULT_RETRIES);
    assertThat(config.basicAuthUserInfo()).isNull();
  }

  @Test
  void unrelatedKeysOfAClientConfigAreIgnored() {
    SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a:8081",
        "bootstrap.servers", "localhost:9092"));

    assertThat(config.urls()).hasSize(1);
  }

  @Test
  void missingUrlNamesTheKey() {
    assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "schema.registry.url|''",
      "schema.registry.url|ftp://host/",
      "schema.registry.url|localhost:8081",
      "schema.registry.url|http://",
      "schema.registry.url|http://a:8081?x=1",
      "schema.registry.url|http://a b",
      "schema.registry.connect.timeout.ms|0",
      "schema.registry.request.timeout.ms|-5",
      "schema.registry.request.timeout.ms|soon",
      "schema.registry.retries|-1",
      "schema.registry.retries|101",
      "schema.registry.retry.backoff.ms|-1",
      "schema.registry.retry.backoff.max.ms|50",
      "basic.auth.user.info|nocolon",
  })
  void invalidValueNamesTheKey(String key, String value) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:8081");
    configs.put(key, value);

    assertThatThrownBy(() -> new SchemaRegistryConfig(configs))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void invalidCredentialsAreNotEchoed() {
    assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a",
        SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "topsecretvalue")))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("topsecretvalue");
  }

  @Test
  void credentialsAreKept() {
    SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a",
        SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "ada:pw:with:colons"));

    assertThat(config.basicAuthUserInfo()).isEqualTo("ada:pw:with:colons");
  }

  @Test
  void basicAuthFromTheUrlIsUsedAndNeverShown() {
    SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "https://ada:s%3Acret@registry.example:8443/x",
        SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL"));

    assertThat(config.basicAuthUserInfo()).isEqualTo("ada:s:cret");
    assertThat(config.urls()).extracting(Object::toString).containsExactly("https://registry.example:8443/x");
  }

  @Test
  void bearerTokenMakesTheAuthorizationHeader() {
    SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a",
        SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG, "tok"));

    assertThat(config.authorizationHeader()).isEqualTo("Bearer tok");
  }

  @Test
  void basicAndBearerTogetherAreRefusedWithoutEchoingEither() {
    assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a",
        SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "ada:pw-secret",
        SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG, "tok-secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG)
        .hasMessageNotContaining("pw-secret").hasMessageNotContaining("tok-secret");
  }

  @Test
  void urlSourceWithoutCredentialsInTheUrlIsRefused() {
    assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a",
        SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
  }

  @Test
  void aBadUrlWithCredentialsIsReportedMasked() {
    assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "ftp://ada:hunter2@a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("***@a").hasMessageNotContaining("hunter2");
  }
}
