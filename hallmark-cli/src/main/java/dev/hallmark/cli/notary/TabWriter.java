package dev.hallmark.cli.notary;

import java.util.ArrayList;
import java.util.List;

/**
 * The table layout of Go's {@code text/tabwriter} as notary configures it (minwidth 4, tabwidth 4,
 * padding 4, space padding, no flags; reference cmd/notary/prettyprint.go {@code initTabWriter}):
 * every cell but a row's last is padded to its column's width, the widest cell plus 4; the last cell
 * is written as is, so rows with an empty last cell keep trailing spaces.
 */
final class TabWriter {
  private static final int MIN_WIDTH = 4;
  private static final int PADDING = 4;
  private final List<List<String>> rows = new ArrayList<>();

  /** Starts a table with a header row and a row of dashes as long as each header. */
  TabWriter(String... headers) {
    rows.add(List.of(headers));
    List<String> dashes = new ArrayList<>();
    for (String h : headers) {
      dashes.add("-".repeat(h.length()));
    }
    rows.add(dashes);
  }

  TabWriter row(String... cells) {
    rows.add(List.of(cells));
    return this;
  }

  String render() {
    int columns = rows.getFirst().size();
    int[] width = new int[columns];
    for (List<String> r : rows) {
      for (int i = 0; i < r.size() - 1; i++) {
        width[i] = Math.max(width[i], Math.max(MIN_WIDTH, r.get(i).codePointCount(0, r.get(i).length()) + PADDING));
      }
    }
    var sb = new StringBuilder();
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        String cell = r.get(i);
        sb.append(cell);
        if (i < r.size() - 1) {
          sb.append(" ".repeat(width[i] - cell.codePointCount(0, cell.length())));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
