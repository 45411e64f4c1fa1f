package dev.jobpipe.schemas.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlCodecTest {

  private static final Instant AT = Instant.ofEpochMilli(1_764_928_800_000L);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyEntryRoundTripsUnderItsKey() {
    for (ControlEntry entry : new ControlEntry[] {
        new PauseState(true, "alice", AT, "deploy"),
        new PauseState(false, "bob", AT, null),
        new RateLimit(12.5, "alice", AT, null),
        new RateLimit(null, "alice", AT, "limit lifted"),
        new Cancellation("job-1", AT.plusSeconds(60), "carol", AT, "duplicate")}) {
      assertThat(ControlCodec.decode(entry.key(), ControlCodec.encode(entry))).isEqualTo(entry);
    }
  }

  @Test
  void theWireFormatIsPlainJsonAScriptCanWrite() {
    assertThat(new String(ControlCodec.encode(new PauseState(true, "alice", AT, "deploy")), StandardCharsets.UTF_8))
        .isEqualTo("{\"paused\":true,\"by\":\"alice\",\"at\":1764928800000,\"reason\":\"deploy\"}");
    assertThat(ControlCodec.decode("cancel/abc",
        utf8("{\"expiresAt\": 1764928860000, \"by\": \"cron\", \"at\": 1764928800000, \"extra\": [1]}")))
        .isEqualTo(new Cancellation("abc", AT.plusSeconds(60), "cron", AT, null));
    assertThat(ControlCodec.decode("rate", utf8("{\"perSecond\": 50, \"by\": \"ops\", \"at\": 1764928800000}")))
        .isEqualTo(new RateLimit(50.0, "ops", AT, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "paused   | not json                                        | not JSON",
      "paused   | [1]                                             | not a JSON object",
      "paused   | {\"by\":\"a\",\"at\":1}                         | boolean 'paused'",
      "paused   | {\"paused\":\"yes\",\"by\":\"a\",\"at\":1}      | boolean 'paused'",
      "paused   | {\"paused\":true,\"at\":1}                      | 'by'",
      "paused   | {\"paused\":true,\"by\":\"\",\"at\":1}          | 'by'",
      "paused   | {\"paused\":true,\"by\":\"a\"}                  | 'at' in epoch milliseconds",
      "paused   | {\"paused\":true,\"by\":\"a\",\"at\":1.5}       | 'at' in epoch milliseconds",
      "rate     | {\"perSecond\":0,\"by\":\"a\",\"at\":1}         | above 0",
      "rate     | {\"perSecond\":-3,\"by\":\"a\",\"at\":1}        | above 0",
      "rate     | {\"perSecond\":\"5\",\"by\":\"a\",\"at\":1}     | number or null",
      "cancel/x | {\"by\":\"a\",\"at\":1}                         | 'expiresAt'",
      "cancel/  | {\"expiresAt\":2,\"by\":\"a\",\"at\":1}        | not a control key",
      "pause    | {\"paused\":true,\"by\":\"a\",\"at\":1}         | not a control key"})
  void aValueThatDoesNotFitItsKeyIsRejectedWithAOneLineReason(String key, String value, String message) {
    assertThatThrownBy(() -> ControlCodec.decode(key, utf8(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void keysAreSpelledInOnePlace() {
    assertThat(ControlKey.cancel("j1")).isEqualTo("cancel/j1");
    assertThat(ControlKey.cancelledJobId("cancel/j1")).contains("j1");
    assertThat(ControlKey.cancelledJobId("cancel/")).isEmpty();
    assertThat(ControlKey.cancelledJobId("paused")).isEmpty();
    assertThat(dev.jobpipe.schemas.JobTopics.cancelledJobId("cancel/j1")).contains("j1");
    assertThatThrownBy(() -> ControlKey.cancel(" ")).hasMessageContaining("job id");
  }
}
