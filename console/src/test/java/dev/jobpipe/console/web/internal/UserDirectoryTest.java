package dev.jobpipe.console.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserDirectoryTest {

  private static String aliceHash;

  @BeforeAll
  static void hash() {
    aliceHash = UserDirectory.hashPassword("s3cret");
  }

  @Test
  void passwordsAreCheckedAgainstTheirBcryptHash() {
    UserDirectory users = UserDirectory.parse(List.of("# users", "", "alice:operator:" + aliceHash));
    assertThat(users.login("alice", "s3cret")).contains(new Principal("alice", Role.OPERATOR));
    assertThat(users.login("alice", "wrong")).isEmpty();
    assertThat(users.login("mallory", "s3cret")).isEmpty();
    assertThat(users.login(null, null)).isEmpty();
  }

  @Test
  void htpasswdStyle2yHashesWork() {
    String y = aliceHash.replaceFirst("^\\$2a\\$", "\\$2y\\$");
    assertThat(UserDirectory.parse(List.of("bob:viewer:" + y)).login("bob", "s3cret"))
        .contains(new Principal("bob", Role.VIEWER));
  }

  @Test
  void tokensAreKnownBySha256() {
    UserDirectory users = UserDirectory.parse(List.of("ci:viewer:" + UserDirectory.hashToken("tok-123"),
        "ops:operator:" + UserDirectory.hashToken("tok-456")));
    assertThat(users.token("tok-123")).contains(new Principal("ci", Role.VIEWER));
    assertThat(users.token("tok-456")).contains(new Principal("ops", Role.OPERATOR));
    assertThat(users.token("tok-789")).isEmpty();
    assertThat(users.token("")).isEmpty();
    assertThat(users.login("ci", "tok-123")).as("a token is not a password").isEmpty();
  }

  @Test
  void entriesMayBeCommaSeparated() {
    UserDirectory users = UserDirectory.parse(List.of("a:viewer:" + UserDirectory.hashToken("x") + ",b:operator:" + aliceHash));
    assertThat(users.token("x")).isPresent();
    assertThat(users.login("b", "s3cret")).isPresent();
  }

  @Test
  void badEntriesNameTheirNumberNeverTheirHash() {
    assertThatThrownBy(() -> UserDirectory.parse(List.of("alice")))
        .hasMessageContaining("entry 1").hasMessageContaining("NAME:ROLE:HASH");
    assertThatThrownBy(() -> UserDirectory.parse(List.of("# c", "alice:root:" + aliceHash)))
        .hasMessageContaining("entry 2").hasMessageContaining("unknown role 'root'").message().doesNotContain(aliceHash);
    assertThatThrownBy(() -> UserDirectory.parse(List.of("alice:viewer:plaintext")))
        .hasMessageContaining("neither bcrypt").message().doesNotContain("plaintext");
    assertThatThrownBy(() -> UserDirectory.parse(List.of("t:viewer:sha256:abc")))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> UserDirectory.parse(List.of("a:viewer:" + aliceHash, "a:operator:" + aliceHash)))
        .hasMessageContaining("listed twice");
  }

  @Test
  void toStringCountsButShowsNothing() {
    UserDirectory users = UserDirectory.parse(List.of("alice:operator:" + aliceHash));
    assertThat(users.toString()).isEqualTo("UserDirectory[1 user(s), 0 token(s)]");
  }
}
