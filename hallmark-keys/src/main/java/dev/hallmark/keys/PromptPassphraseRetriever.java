package dev.hallmark.keys;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks for passphrases on a {@link Console} with notary's exact texts (reference
 * passphrase/passphrase.go): new passphrases are asked twice and must have at least 8 characters,
 * answers are cached per alias for the life of this object, a wrong passphrase is asked again up to
 * attempt 3.
 */
final class PromptPassphraseRetriever implements PassphraseRetriever {
  static final String ROOT_WARNING = """
      You are about to create a new root signing key passphrase. This passphrase
      will be used to protect the most sensitive key in your signing system. Please
      choose a long, complex passphrase and be careful to keep the password and the
      key file itself secure and backed up. It is highly recommended that you use a
      password manager to generate the passphrase and keep it safe. There will be no
      way to recover this key. You can find the key in your config directory.""";
  static final String NO_INPUT =
      "Please either use environment variables or STDIN with a terminal to provide key passphrases";
  private static final int ID_CHARS_TO_DISPLAY = 7;

  private final Console console;
  private final Map<String, String> displayAliases;
  private final boolean requireTerminal;
  private final Map<String, Passphrase> cache = new HashMap<>();

  PromptPassphraseRetriever(Console console, Map<String, String> displayAliases, boolean requireTerminal) {
    this.console = Objects.requireNonNull(console);
    this.displayAliases = Map.copyOf(displayAliases);
    this.requireTerminal = requireTerminal;
  }

  /** notary's prompt: refuses without a terminal. */
  static PromptPassphraseRetriever notary(Console console) {
    return new PromptPassphraseRetriever(console, Map.of(), true);
  }

  /** Docker's prompt: targets and snapshot keys are "repository" keys; reads non-terminal input too. */
  static PromptPassphraseRetriever docker(Console console) {
    return new PromptPassphraseRetriever(console,
        Map.of("root", "root", "snapshot", "repository", "targets", "repository", "default", "repository"), false);
  }

  @Override
  public synchronized PassphraseAnswer answer(PassphraseRequest request) {
    if (requireTerminal && !console.isTerminal()) {
      return new PassphraseAnswer.Retry(NO_INPUT);
    }
    if (request.attempt() == 0) {
      if (request.alias().equals("root") && request.createNew()) {
        console.print(ROOT_WARNING + "\n");
      }
      Passphrase cached = cache.get(request.alias());
      if (cached != null) {
        return PassphraseAnswer.given(cached);
      }
    } else if (!request.createNew()) {
      if (request.attempt() > 3) {
        return new PassphraseAnswer.GiveUp("Too many attempts");
      }
      console.print("Passphrase incorrect. Please retry.\n");
    }
    try {
      return ask(request);
    } catch (IOException e) {
      return new PassphraseAnswer.Retry(e.getMessage() == null ? "input error" : e.getMessage());
    }
  }

  private PassphraseAnswer ask(PassphraseRequest request) throws IOException {
    String displayAlias = displayAliases.getOrDefault(request.alias(), request.alias());
    String withId = withId(request.keyName());
    if (request.createNew()) {
      console.print("Enter passphrase for new " + displayAlias + " key" + withId + ": ");
    } else if (displayAlias.equals("yubikey")) {
      console.print("Enter the " + request.keyName() + " for the attached Yubikey: ");
    } else {
      console.print("Enter passphrase for " + displayAlias + " key" + withId + ": ");
    }
    Optional<char[]> line = console.readSecretLine();
    console.print("\n");
    if (line.isEmpty()) {
      return new PassphraseAnswer.Retry("EOF");
    }
    char[] entered = trim(line.get());
    try {
      if (request.createNew()) {
        if (entered.length < 8) {
          console.print("Passphrase is too short. Please use a password manager to generate and store a good random passphrase.\n");
          return new PassphraseAnswer.Retry("Passphrase too short");
        }
        console.print("Repeat passphrase for new " + displayAlias + " key" + withId + ": ");
        Optional<char[]> again = console.readSecretLine();
        console.print("\n");
        if (again.isEmpty()) {
          return new PassphraseAnswer.Retry("EOF");
        }
        char[] repeated = trim(again.get());
        boolean same = Passphrase.of(repeated).matches(Passphrase.of(entered));
        Arrays.fill(repeated, '\0');
        if (!same) {
          console.print("Passphrases do not match. Please retry.\n");
          return new PassphraseAnswer.Retry("The entered passphrases do not match");
        }
      }
      Passphrase passphrase = Passphrase.of(entered);
      cache.put(request.alias(), passphrase);
      return PassphraseAnswer.given(passphrase);
    } finally {
      Arrays.fill(entered, '\0');
    }
  }

  /** " with ID abcdef1", or " with ID abcdef1 (prefix)" for names with a path, as the reference shortens them. */
  static String withId(String keyName) {
    int sep = keyName.lastIndexOf('/');
    if (sep == -1) {
      sep = 0;
    }
    String shortName = "";
    if (keyName.length() > sep + ID_CHARS_TO_DISPLAY) {
      if (sep > 0) {
        shortName = keyName.substring(sep + 1, sep + ID_CHARS_TO_DISPLAY + 1) + " (" + keyName.substring(0, sep) + ")";
      } else {
        shortName = keyName.substring(sep, sep + ID_CHARS_TO_DISPLAY);
      }
    }
    return shortName.isEmpty() ? "" : " with ID " + shortName;
  }

  /** Go's strings.TrimSpace on the characters, without making a String. */
  private static char[] trim(char[] chars) {
    int start = 0;
    int end = chars.length;
    while (start < end && Character.isWhitespace(chars[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(chars[end - 1])) {
      end--;
    }
    char[] out = Arrays.copyOfRange(chars, start, end);
    Arrays.fill(chars, '\0');
    return out;
  }

  @Override
  public String toString() {
    return "PromptPassphraseRetriever[cached aliases=" + cache.size() + "]";
  }
}
