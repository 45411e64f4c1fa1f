package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DlqTableTest {

  private static DlqTable table() {
    return new DlqTable(List.of(
        DlqTable.Column.fixed("ID", 10),
        DlqTable.Column.flexible("MESSAGE", 8),
        DlqTable.Column.fixed("AT", 5)));
  }

  @Test
  void columnsTakeTheirContentWidthAndTheFlexibleOneTheRest() {
    String out = table()
        .row(List.of("a", "short", "x"))
        .row(List.of("bbbb", "a much longer message that will not fit", "yy"))
        .render(30);
    // ID: 4 wide, AT: 2, gaps 2 x 2: the message gets 30 - 10 = 20
    assertThat(out.lines().toList()).containsExactly(
        String.format("%-4s  %-20s  %s", "ID", "MESSAGE", "AT"),
        String.format("%-4s  %-20s  %s", "a", "short", "x"),
        String.format("%-4s  %-20s  %s", "bbbb", "a much longer mes...", "yy"));
    assertThat(out.lines()).allMatch(l -> l.length() <= 30);
  }

  @Test
  void flexibleColumnNeverShrinksBelowItsMinimum() {
    String out = table().row(List.of("abcdefghij", "0123456789abcdef", "12345")).render(20);
    assertThat(out.lines().skip(1).findFirst().orElseThrow()).isEqualTo("abcdefghij  01234...  12345");
  }

  @Test
  void flexibleColumnNarrowerThanItsMinimumKeepsItsNaturalWidth() {
    String out = new DlqTable(List.of(DlqTable.Column.fixed("A", 5), DlqTable.Column.flexible("B", 20)))
        .row(List.of("x", "y")).render(80);
    assertThat(out).isEqualTo("A  B\nx  y\n");
  }

  @Test
  void fixedColumnsAreCutAtTheirMaximum() {
    String out = table().row(List.of("0123456789ABCDEF", "m", "t")).render(80);
    assertThat(out.lines().skip(1).findFirst().orElseThrow()).isEqualTo(String.format("%-10s  %-7s  %s", "0123456...", "m", "t"));
  }

  @Test
  void cellsStayOnOneLine() {
    String out = table().row(List.of("a", "line one\nline two\tend", "t")).render(80);
    assertThat(out.lines()).hasSize(2);
    assertThat(out).contains("line one line two end");
  }

  @Test
  void nullCellsAreEmptyAndTrailingSpaceIsTrimmed() {
    String out = table().row(Arrays.asList("a", null, null)).render(80);
    assertThat(out.lines().skip(1).findFirst().orElseThrow()).isEqualTo("a");
  }

  @Test
  void rowMustMatchColumns() {
    assertThatThrownBy(() -> table().row(List.of("a"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cut() {
    assertThat(DlqTable.cut("abcdef", 6)).isEqualTo("abcdef");
    assertThat(DlqTable.cut("abcdefg", 6)).isEqualTo("abc...");
    assertThat(DlqTable.cut("abcdefg", 2)).isEqualTo("ab");
  }

  @Test
  void classNamesShortenPackagesFirst() {
    assertThat(DlqTable.abbreviateClass("com.acme.mail.SmtpException", 40)).isEqualTo("com.acme.mail.SmtpException");
    assertThat(DlqTable.abbreviateClass("com.acme.mail.SmtpException", 24)).isEqualTo("c.a.mail.SmtpException");
    assertThat(DlqTable.abbreviateClass("com.acme.mail.SmtpException", 19)).isEqualTo("c.a.m.SmtpException");
    assertThat(DlqTable.abbreviateClass("com.acme.mail.SmtpException", 16)).isEqualTo("SmtpException");
    assertThat(DlqTable.abbreviateClass("com.acme.mail.SmtpException", 10)).isEqualTo("SmtpExc...");
    assertThat(DlqTable.abbreviateClass(null, 10)).isEmpty();
  }
}
