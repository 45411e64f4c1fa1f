package dev.jobpipe.deploy.local.internal;

import dev.jobpipe.deploy.local.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's TLS material, made with the JDK's {@code keytool} (no library of our own does
 * cryptography): a CA ({@value #CA_STORE}), its certificate for clients to trust ({@value #CA_PEM}),
 * and the broker's key with a certificate for {@code localhost} and {@code 127.0.0.1} signed by the
 * CA ({@value #SERVER_STORE}). Store passwords reach keytool through its environment
 * ({@code -storepass:env}), never its command line, so no process listing shows them.
 */
public final class Certificates {
  public static final String CA_STORE = "ca.p12";
  public static final String CA_PEM = "ca.pem";
  public static final String SERVER_STORE = "server.p12";

  private static final String PASSWORD_ENV = "JOBPIPE_STORE_PASSWORD";
  private static final String VALIDITY_DAYS = "825";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  private Certificates() {}

  /** Whether {@code dir} holds a complete set. */
  public static boolean present(Path dir) {
    return Files.isRegularFile(dir.resolve(CA_STORE)) && Files.isRegularFile(dir.resolve(CA_PEM))
        && Files.isRegularFile(dir.resolve(SERVER_STORE));
  }

  /**
   * Makes a new CA and server certificate in {@code dir}, both stores under {@code storePassword}.
   * Throws {@link IllegalStateException} with keytool's output when a step fails.
   */
  public static void create(Path dir, String storePassword) {
    Path ca = dir.resolve(CA_STORE);
    Path server = dir.resolve(SERVER_STORE);
    Path csr = dir.resolve("server.csr");
    Path signed = dir.resolve("server.crt");
    try {
      for (Path p : List.of(ca, server, csr, signed, dir.resolve(CA_PEM))) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the certificates in " + dir + ": " + e.getMessage(), e);
    }
    keytool(dir, storePassword, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", VALIDITY_DAYS, "-dname", "CN=jobpipe local CA", "-ext", "bc:c", "-keystore", ca.toString(),
        "-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV, "-keypass:env", PASSWORD_ENV);
    keytool(dir, storePassword, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
        "-storepass:env", PASSWORD_ENV, "-file", dir.resolve(CA_PEM).toString());
    keytool(dir, storePassword, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", VALIDITY_DAYS, "-dname", "CN=localhost", "-keystore", server.toString(), "-storetype", "PKCS12",
        "-storepass:env", PASSWORD_ENV, "-keypass:env", PASSWORD_ENV);
    keytool(dir, storePassword, "-certreq", "-alias", "server", "-keystore", server.toString(),
        "-storepass:env", PASSWORD_ENV, "-file", csr.toString());
    keytool(dir, storePassword, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
        "-storepass:env", PASSWORD_ENV, "-infile", csr.toString(), "-outfile", signed.toString(),
        "-validity", VALIDITY_DAYS, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth,clientAuth");
    keytool(dir, storePassword, "-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve(CA_PEM).toString(),
        "-keystore", server.toString(), "-storepass:env", PASSWORD_ENV);
    keytool(dir, storePassword, "-importcert", "-alias", "server", "-file", signed.toString(),
        "-keystore", server.toString(), "-storepass:env", PASSWORD_ENV);
    SecretFiles.restrict(ca);
    SecretFiles.restrict(server);
    try {
      Files.deleteIfExists(csr);
      Files.deleteIfExists(signed);
    } catch (IOException e) {
      // leftovers of the signing step hold nothing secret
    }
  }

  private static void keytool(Path dir, String storePassword, String... args) {
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaExecutable().resolveSibling("keytool").toString());
    command.add("-J-Xshare:auto");
    command.add("-J-XX:TieredStopAtLevel=1");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    JavaCommand.CALLER_ONLY_ENVIRONMENT.forEach(pb.environment()::remove);
    pb.environment().put(PASSWORD_ENV, storePassword);
    try {
      Process p = pb.start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish within " + STEP_TIMEOUT.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): "
            + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool " + args[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making certificates in " + dir, e);
    }
  }
}
