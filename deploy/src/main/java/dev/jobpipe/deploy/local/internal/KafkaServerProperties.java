package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of the local single-node broker: broker and controller in one
 * process, a static one-voter quorum (so the controller port may differ from run to run: it is not
 * written into the metadata log as a dynamic quorum's endpoint would be), replication factors of 1,
 * and group timings shortened for a machine where one developer starts and kills workers.
 */
public final class KafkaServerProperties {
  private KafkaServerProperties() {}

  /** The properties for a broker on {@code port} with its controller on {@code controllerPort}. */
  public static Map<String, String> of(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    // One broker: every internal topic has one replica, and needs only one in sync.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "10");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // group.coordinator.rebalance.protocols is left at its 4.x default (classic,consumer,streams,
    // deprecated to set): the KIP-848 consumer protocol (group.protocol=consumer) works as is.
    // No waiting for more members to join: a local group is formed as soon as its first member asks.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.streams.initial.rebalance.delay.ms", "0");
    // A killed consumer-protocol member is noticed in seconds rather than the production 45 s.
    p.put("group.consumer.min.session.timeout.ms", "6000");
    p.put("group.consumer.session.timeout.ms", "10000");
    p.put("group.consumer.min.heartbeat.interval.ms", "500");
    p.put("group.consumer.heartbeat.interval.ms", "1000");
    // Small machine: few threads, a small compaction buffer (the production default is 128 MiB).
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.putAll(overrides);
    return p;
  }

  /**
   * What a secure broker needs: its key store, the CA it trusts, and the super user it also is on
   * its own internal and controller connections.
   */
  public record Security(Path keyStore, String storePassword, Path caCertificate, String admin, String adminPassword) {
    @Override
    public String toString() {
      return "Security[" + keyStore + "]";
    }
  }

  /**
   * The properties of a secure broker: clients on {@code port} with SASL/SCRAM-SHA-512 over TLS;
   * the broker's own connections (inter-broker on {@code internalPort}, controller on {@code
   * controllerPort}) with SASL/PLAIN over TLS as the super user only, because KRaft keeps SCRAM
   * credentials in its metadata, which the controller listener must serve before any exist. The
   * {@code StandardAuthorizer} denies whatever no ACL allows; the admin is the only super user.
   */
  public static Map<String, String> secure(int port, int internalPort, int controllerPort, Path dataDir,
      Security s, Map<String, String> overrides) {
    Map<String, String> p = of(port, controllerPort, dataDir, Map.of());
    p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort
        + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "SASL_SSL://localhost:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
    p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SASL_SSL");
    p.put("inter.broker.listener.name", "INTERNAL");
    p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + s.admin()
        + "\" password=\"" + s.adminPassword() + "\" user_" + s.admin() + "=\"" + s.adminPassword() + "\";";
    for (String listener : new String[] {"internal", "controller"}) {
      p.put("listener.name." + listener + ".sasl.enabled.mechanisms", "PLAIN");
      p.put("listener.name." + listener + ".plain.sasl.jaas.config", plain);
    }
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", s.keyStore().toAbsolutePath().toString());
    p.put("ssl.keystore.password", s.storePassword());
    p.put("ssl.key.password", s.storePassword());
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", s.caCertificate().toAbsolutePath().toString());
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + s.admin());
    p.put("allow.everyone.if.no.acl.found", "false");
    p.putAll(overrides);
    return p;
  }

  /** Writes the properties to {@code file}. */
  public static void write(Map<String, String> properties, Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      SecretFiles.restrict(file);
      out.write("# written by jobpipe for its local single-node broker; rewritten on every start\n");
      for (Map.Entry<String, String> e : properties.entrySet()) {
        out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
