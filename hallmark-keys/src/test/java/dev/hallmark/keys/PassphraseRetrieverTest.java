package dev.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PassphraseRetrieverTest {
  /** A console with scripted input that records everything printed. */
  static final class ScriptedConsole implements Console {
    final StringBuilder out = new StringBuilder();
    final Deque<String> lines = new ArrayDeque<>();
    final boolean terminal;

    ScriptedConsole(boolean terminal, String... input) {
      this.terminal = terminal;
      lines.addAll(java.util.List.of(input));
    }

    @Override
    public boolean isTerminal() {
      return terminal;
    }

    @Override
    public void print(String text) {
      out.append(text);
    }

    @Override
    public Optional<char[]> readSecretLine() {
      return Optional.ofNullable(lines.poll()).map(String::toCharArray);
    }
  }

  private static String given(PassphraseAnswer a) {
    assertThat(a).isInstanceOf(PassphraseAnswer.Given.class);
    return new String(((PassphraseAnswer.Given) a).passphrase().chars());
  }

  @Test
  void notaryEnvironmentByAlias() {
    var env = Map.of("NOTARY_ROOT_PASSPHRASE", "r", "NOTARY_TARGETS_PASSPHRASE", "t",
        "NOTARY_SNAPSHOT_PASSPHRASE", "s", "NOTARY_DELEGATION_PASSPHRASE", "d");
    var console = new ScriptedConsole(false);
    var r = PassphraseRetriever.notary(env, console);
    assertThat(given(r.answer(new PassphraseRequest("id", "root", false, 0)))).isEqualTo("r");
    assertThat(given(r.answer(new PassphraseRequest("id", "targets", false, 0)))).isEqualTo("t");
    assertThat(given(r.answer(new PassphraseRequest("id", "snapshot", true, 0)))).isEqualTo("s");
    assertThat(given(r.answer(new PassphraseRequest("id", "targets/releases", false, 0)))).isEqualTo("d");
    assertThat(given(r.answer(new PassphraseRequest("id", "alice", false, 1)))).isEqualTo("d");
    assertThat(given(r.answer(new PassphraseRequest("id", "", true, 0)))).isEqualTo("d");
    // timestamp has no variable and is a base role: prompt, which needs a terminal
    assertThat(r.answer(new PassphraseRequest("id", "timestamp", false, 0)))
        .isEqualTo(new PassphraseAnswer.Retry(PromptPassphraseRetriever.NO_INPUT));
    assertThat(console.out).isEmpty();
  }

  @Test
  void environmentValueIsUsedForAttemptsZeroAndOneThenGivesUp() {
    var r = PassphraseRetriever.notary(Map.of("NOTARY_ROOT_PASSPHRASE", "wrong"), new ScriptedConsole(false));
    assertThat(r.answer(new PassphraseRequest("id", "root", false, 0))).isInstanceOf(PassphraseAnswer.Given.class);
    assertThat(r.answer(new PassphraseRequest("id", "root", false, 1))).isInstanceOf(PassphraseAnswer.Given.class);
    assertThat(r.answer(new PassphraseRequest("id", "root", false, 2)))
        .isEqualTo(new PassphraseAnswer.GiveUp("password invalid, operation has failed."));
  }

  @Test
  void emptyVariablesCountAsUnset() {
    var r = PassphraseRetriever.notary(Map.of("NOTARY_TARGETS_PASSPHRASE", "", "NOTARY_DELEGATION_PASSPHRASE", "d"),
        new ScriptedConsole(false));
    assertThat(r.answer(new PassphraseRequest("id", "targets", false, 0))).isInstanceOf(PassphraseAnswer.Retry.class);
  }

  @Test
  void dockerEnvironment() {
    var env = Map.of("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", "r", "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "repo",
        "NOTARY_DELEGATION_PASSPHRASE", "ignored");
    var r = PassphraseRetriever.docker(env, new ScriptedConsole(false));
    assertThat(given(r.answer(new PassphraseRequest("id", "root", false, 0)))).isEqualTo("r");
    for (String alias : new String[] {"targets", "snapshot", "targets/releases", "alice", "timestamp"}) {
      assertThat(given(r.answer(new PassphraseRequest("id", alias, false, 0)))).isEqualTo("repo");
    }
    var rootOnly = PassphraseRetriever.docker(Map.of("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "repo"),
        new ScriptedConsole(false));
    // root never falls back to the repository passphrase; Docker then prompts (here: no input left)
    assertThat(rootOnly.answer(new PassphraseRequest("id", "root", false, 0))).isEqualTo(new PassphraseAnswer.Retry("EOF"));
  }

  @Test
  void promptsWithNotarysTextsAndCaches() {
    String id = "f4eaf871a74aa3b3a0ff95cef2455a1e4d461639f5625418e76756fc5c948690";
    var console = new ScriptedConsole(true, "  longenough \n", "longenough", "typed");
    var r = PassphraseRetriever.notary(Map.of(), console);
    assertThat(given(r.answer(new PassphraseRequest(id, "root", true, 0)))).isEqualTo("longenough");
    assertThat(console.out.toString()).isEqualTo(PromptPassphraseRetriever.ROOT_WARNING + "\n"
        + "Enter passphrase for new root key with ID f4eaf87: \n"
        + "Repeat passphrase for new root key with ID f4eaf87: \n");
    console.out.setLength(0);
    assertThat(given(r.answer(new PassphraseRequest(id, "root", false, 0)))).isEqualTo("longenough");
    assertThat(console.out).isEmpty();
    assertThat(given(r.answer(new PassphraseRequest("tuf_keys/abc/" + id, "targets", false, 1)))).isEqualTo("typed");
    assertThat(console.out.toString()).isEqualTo("Passphrase incorrect. Please retry.\n"
        + "Enter passphrase for targets key with ID f4eaf87 (tuf_keys/abc): \n");
    assertThat(r.answer(new PassphraseRequest(id, "targets", false, 4))).isInstanceOf(PassphraseAnswer.GiveUp.class);
  }

  @Test
  void newPassphrasesMustBeLongAndRepeated() {
    var console = new ScriptedConsole(true, "short", "longenough", "different", "longenough", "longenough");
    var r = PassphraseRetriever.notary(Map.of(), console);
    assertThat(r.answer(new PassphraseRequest("abcdef0123", "targets", true, 0)))
        .isEqualTo(new PassphraseAnswer.Retry("Passphrase too short"));
    assertThat(r.answer(new PassphraseRequest("abcdef0123", "targets", true, 1)))
        .isEqualTo(new PassphraseAnswer.Retry("The entered passphrases do not match"));
    assertThat(given(r.answer(new PassphraseRequest("abcdef0123", "targets", true, 2)))).isEqualTo("longenough");
    assertThat(console.out.toString()).contains(
        "Passphrase is too short. Please use a password manager to generate and store a good random passphrase.\n",
        "Passphrases do not match. Please retry.\n",
        "Enter passphrase for new targets key with ID abcdef0: ");
  }

  @Test
  void dockerPromptCallsTargetsKeysRepositoryKeys() {
    var console = new ScriptedConsole(false, "repopass1", "repopass1");
    var r = PassphraseRetriever.docker(Map.of(), console);
    assertThat(given(r.answer(new PassphraseRequest("0123456789", "targets", true, 0)))).isEqualTo("repopass1");
    assertThat(console.out.toString()).startsWith("Enter passphrase for new repository key with ID 0123456: ");
  }
}
