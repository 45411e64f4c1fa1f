package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.cli.UserException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DlqPromptTest {

  @ParameterizedTest
  @CsvSource({"'y\n', true", "'YES\n', true", "' yes ', true", "'n\n', false", "'\n', false", "'sure\n', false"})
  void answers(String input, boolean expected) {
    StringWriter err = new StringWriter();
    boolean answer = DlqPrompt.confirm(new PrintWriter(err), stdin(input), "Delete 3 records?", "--yes");
    assertThat(answer).isEqualTo(expected);
    assertThat(err.toString()).isEqualTo("Delete 3 records? [y/N] ");
  }

  @org.junit.jupiter.api.Test
  void noAnswerRefuses() {
    assertThatThrownBy(() -> DlqPrompt.confirm(new PrintWriter(new StringWriter()), stdin(""), "Delete?", "--yes"))
        .isInstanceOf(UserException.class)
        .hasMessage("no answer on stdin: nothing was deleted; pass --yes to run without asking");
  }

  private static ByteArrayInputStream stdin(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
