package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaServerPropertiesTest {
  @TempDir
  Path dir;

  @Test
  void aCombinedSingleNodeBrokerOnLoopback() {
    Map<String, String> p = KafkaServerProperties.of(19092, 19093, dir.resolve("data"), Map.of());

    assertThat(p).containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        .containsEntry("advertised.listeners", "PLAINTEXT://localhost:19092")
        .containsEntry("log.dirs", dir.resolve("data").toAbsolutePath().toString())
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .doesNotContainKey("controller.quorum.bootstrap.servers");
  }

  @Test
  void aSecureBrokerAuthenticatesEveryListenerOverTlsAndHasOnlyTheAdminAsSuperUser() {
    KafkaServerProperties.Security security = new KafkaServerProperties.Security(dir.resolve("server.p12"), "store-pw",
        dir.resolve("ca.pem"), "admin", "admin-pw");
    Map<String, String> p = KafkaServerProperties.secure(19092, 19094, 19093, dir.resolve("data"), security, Map.of());

    assertThat(p).containsEntry("listeners",
            "SASL_SSL://127.0.0.1:19092,INTERNAL://127.0.0.1:19094,CONTROLLER://127.0.0.1:19093")
        .containsEntry("listener.security.protocol.map", "SASL_SSL:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SASL_SSL")
        .containsEntry("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512")
        .containsEntry("inter.broker.listener.name", "INTERNAL")
        .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .containsEntry("super.users", "User:admin")
        .containsEntry("allow.everyone.if.no.acl.found", "false");
    assertThat(p.values()).noneMatch(v -> v.startsWith("PLAINTEXT"));
    assertThat(p.get("listener.name.controller.plain.sasl.jaas.config")).contains("username=\"admin\"");
    assertThat(security.toString()).doesNotContain("store-pw", "admin-pw");
  }

  @Test
  void overridesWin() {
    Map<String, String> p = KafkaServerProperties.of(1, 2, dir, Map.of("auto.create.topics.enable", "false", "num.partitions", "3"));

    assertThat(p).containsEntry("auto.create.topics.enable", "false").containsEntry("num.partitions", "3");
  }

  @Test
  void theWrittenFileReadsBackAsTheSameProperties() throws Exception {
    Map<String, String> p = KafkaServerProperties.of(19092, 19093, dir.resolve("data with space"), Map.of());
    Path file = dir.resolve("server.properties");

    KafkaServerProperties.write(p, file);

    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      read.load(in);
    }
    assertThat(read).containsExactlyInAnyOrderEntriesOf(p);
  }
}
