package dev.jobpipe.dlq.internal;

import static dev.jobpipe.dlq.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.dlq.Records;
import dev.jobpipe.schemas.JobHeaders;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

  @Test
  void textStaysText() {
    assertThat(HeaderText.render("custom", utf8("héllo\nworld"))).isEqualTo("héllo\nworld");
  }

  @Test
  void binaryBecomesHex() {
    assertThat(HeaderText.render("custom", new byte[] {0, 1, (byte) 0xff})).isEqualTo("0x0001ff");
    assertThat(HeaderText.render("custom", new byte[] {(byte) 0xc3, 0x28})).isEqualTo("0xc328");
  }

  @Test
  void longBinaryIsCut() {
    assertThat(HeaderText.render("custom", new byte[100]))
        .isEqualTo("0x" + "00".repeat(HeaderText.MAX_HEX_BYTES) + "... (100 bytes)");
  }

  @Test
  void nullValue() {
    assertThat(HeaderText.render("x", null)).isEqualTo("(null)");
  }

  @Test
  void jobpipeTimesShowTheInstant() {
    assertThat(HeaderText.render(JobHeaders.ENQUEUED_AT, utf8("0"))).isEqualTo("0 (1970-01-01T00:00:00Z)");
    assertThat(HeaderText.render(JobHeaders.ATTEMPT, utf8("2"))).isEqualTo("2");
  }

  @Test
  void springNumbersOfAnyWidthDecode() {
    assertThat(HeaderText.render("kafka_dlt-original-partition", Records.intBytes(-1))).isEqualTo("-1");
    assertThat(HeaderText.render("retry_topic-attempts", BigInteger.valueOf(300).toByteArray())).isEqualTo("300");
    assertThat(HeaderText.render("kafka_dlt-original-offset", new byte[0])).isEqualTo("0x");
  }
}
