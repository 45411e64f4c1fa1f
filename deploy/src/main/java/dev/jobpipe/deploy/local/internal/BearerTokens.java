package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signed bearer tokens (JWT, RS256) for the local registry, which verifies them with the public key
 * alone ({@code quarkus.oidc.public-key}): Apicurio's own OIDC authentication without an identity
 * server. The signing key is kept in one file, so tokens survive a restart of the registry.
 */
public final class BearerTokens {
  /** The {@code iss} of every token, which the registry requires. */
  public static final String ISSUER = "jobpipe-local";

  private final RSAPrivateCrtKey signingKey;
  private final PublicKey publicKey;

  private BearerTokens(RSAPrivateCrtKey signingKey) {
    this.signingKey = signingKey;
    try {
      this.publicKey = KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(signingKey.getModulus(), signingKey.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the token verification key: " + e.getMessage(), e);
    }
  }

  /** The signer whose key is in {@code keyFile}, made (owner-only) if the file is absent. */
  public static BearerTokens at(Path keyFile) {
    try {
      if (!Files.isRegularFile(keyFile)) {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        Path temp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp);
        SecretFiles.restrict(temp);
        Files.write(temp, Base64.getMimeEncoder().encode(pair.getPrivate().getEncoded()));
        Files.move(temp, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      byte[] der = Base64.getMimeDecoder().decode(Files.readAllBytes(keyFile));
      return new BearerTokens((RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(der)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the token key " + keyFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new IllegalStateException("the token key " + keyFile + " is unreadable (remove it to make a new one): "
          + e.getMessage(), e);
    }
  }

  /** The verification key, Base64 DER (X.509 SubjectPublicKeyInfo): not a secret. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** A token for {@code subject}, valid from now for {@code validity}. */
  public String token(String subject, Instant now, Duration validity) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject
        + "\",\"preferred_username\":\"" + subject + "\",\"iat\":" + now.getEpochSecond()
        + ",\"exp\":" + now.plus(validity).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + claims;
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(signingKey);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
  }
}
