package dev.jobpipe.console.web.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's users and bearer tokens, from entries {@code NAME:ROLE:HASH}: HASH is a bcrypt
 * hash of a password ({@code $2a$}/{@code $2b$}/{@code $2y$}) or {@code sha256:HEX} of a token
 * (tokens are long random strings, so a fast hash is enough and keeps API calls cheap; passwords
 * get bcrypt's deliberate slowness). Neither passwords nor tokens are kept, only their hashes.
 */
public final class UserDirectory {

  private static final String TOKEN_PREFIX = "sha256:";
  /** Verified when the user is unknown, so that an unknown name takes as long as a wrong password. */
  private static final byte[] DUMMY_HASH = BCrypt.withDefaults().hash(10, new byte[16], "x".getBytes(StandardCharsets.UTF_8));

  private record User(Principal principal, byte[] bcrypt) {}

  private final Map<String, User> users;
  private final Map<String, Principal> tokens;

  private UserDirectory(Map<String, User> users, Map<String, Principal> tokens) {
    this.users = Map.copyOf(users);
    this.tokens = Map.copyOf(tokens);
  }

  /**
   * Parses entries (one per line or comma-separated; blank lines and {@code #} comments skipped).
   * Throws {@link IllegalArgumentException} naming the line number of the first bad entry (never its hash).
   */
  public static UserDirectory parse(List<String> lines) {
    Map<String, User> users = new HashMap<>();
    Map<String, Principal> tokens = new HashMap<>();
    int n = 0;
    for (String raw : lines) {
      for (String entry : raw.split(",")) {
        n++;
        String line = entry.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(":", 3);
        if (parts.length != 3 || parts[0].isBlank()) {
          throw new IllegalArgumentException("entry " + n + ": expected NAME:ROLE:HASH");
        }
        String name = parts[0].strip();
        Role role;
        try {
          role = Role.parse(parts[1]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("entry " + n + " (" + name + "): " + e.getMessage(), e);
        }
        String hash = parts[2].strip();
        Principal principal = new Principal(name, role);
        if (hash.startsWith(TOKEN_PREFIX)) {
          String hex = hash.substring(TOKEN_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
          if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("entry " + n + " (" + name + "): sha256: needs 64 hex digits");
          }
          tokens.put(hex, principal);
        } else if (hash.matches("\\$2[aby]\\$\\d\\d\\$.{53}")) {
          if (users.put(name, new User(principal, hash.getBytes(StandardCharsets.UTF_8))) != null) {
            throw new IllegalArgumentException("entry " + n + ": user " + name + " is listed twice");
          }
        } else {
          throw new IllegalArgumentException("entry " + n + " (" + name
              + "): the hash is neither bcrypt ($2a$/$2b$/$2y$) nor sha256:HEX of a token");
        }
      }
    }
    return new UserDirectory(users, tokens);
  }

  /** A bcrypt hash of {@code password} (cost 10), for users files and the demo's one-time login. */
  public static String hashPassword(String password) {
    return BCrypt.withDefaults().hashToString(10, password.toCharArray());
  }

  /** {@code sha256:HEX} of {@code token}, for users files. */
  public static String hashToken(String token) {
    return TOKEN_PREFIX + HexFormat.of().formatHex(sha256(token));
  }

  public boolean isEmpty() {
    return users.isEmpty() && tokens.isEmpty();
  }

  /** The user when {@code password} is theirs. */
  public Optional<Principal> login(String name, String password) {
    User user = name == null ? null : users.get(name);
    byte[] hash = user == null ? DUMMY_HASH : user.bcrypt();
    boolean ok = BCrypt.verifyer().verify(password == null ? new char[0] : password.toCharArray(), hash).verified;
    return ok && user != null ? Optional.of(user.principal()) : Optional.empty();
  }

  /** The owner of bearer {@code token}. */
  public Optional<Principal> token(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    byte[] digest = sha256(token.strip());
    for (Map.Entry<String, Principal> e : tokens.entrySet()) {
      if (MessageDigest.isEqual(HexFormat.of().parseHex(e.getKey()), digest)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "UserDirectory[" + users.size() + " user(s), " + tokens.size() + " token(s)]";
  }
}
