package dev.jobpipe.console.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadMaskTest {

  private final PayloadMask mask = PayloadMask.of(List.of("email.send:to", "email.send:account.card", "email.send:missing"));

  @Test
  void maskedFieldsKeepTheirNameAndLoseTheirValue() {
    String out = mask.apply("email.send", "{\"to\": \"a@b.c\", \"subject\": \"hi\", \"account\": {\"card\": \"4111\", \"id\": 7}}");
    assertThat(out).contains("\"to\" : \"***\"", "\"subject\" : \"hi\"", "\"card\" : \"***\"", "\"id\" : 7")
        .doesNotContain("a@b.c").doesNotContain("4111");
    assertThat(out).doesNotContain("missing");
  }

  @Test
  void otherTypesAndNullPayloadsAreUnchanged() {
    assertThat(mask.apply("image.resize", "{\"to\": 1}")).isEqualTo("{\"to\": 1}");
    assertThat(mask.apply("email.send", null)).isNull();
    assertThat(mask.masks("email.send")).isTrue();
    assertThat(mask.masks("image.resize")).isFalse();
  }

  @Test
  void aPayloadThatIsNotAnObjectIsHiddenWhole() {
    assertThat(mask.apply("email.send", "[1, 2]")).isEqualTo(PayloadMask.MASK);
    assertThat(mask.apply("email.send", "not json")).isEqualTo(PayloadMask.MASK);
  }
}
