package dev.hallmark.keys;

import java.util.Objects;

/**
 * What a {@link PassphraseRetriever} answers: a passphrase, a failure worth asking again (too short,
 * not repeated correctly, no input), or giving up (reference: the {@code giveup} result).
 */
public sealed interface PassphraseAnswer permits PassphraseAnswer.Given, PassphraseAnswer.Retry, PassphraseAnswer.GiveUp {

  /** A passphrase to try. Not a record, so the secret never reaches a generated {@code toString}. */
  final class Given implements PassphraseAnswer {
    private final Passphrase passphrase;

    public Given(Passphrase passphrase) {
      this.passphrase = Objects.requireNonNull(passphrase);
    }

    public Passphrase passphrase() {
      return passphrase;
    }

    @Override
    public String toString() {
      return "Given[redacted]";
    }
  }

  /** No passphrase this time; the caller may ask again with the next attempt number. */
  record Retry(String reason) implements PassphraseAnswer {
    public Retry {
      Objects.requireNonNull(reason);
    }
  }

  /** Stop asking. */
  record GiveUp(String reason) implements PassphraseAnswer {
    public GiveUp {
      Objects.requireNonNull(reason);
    }
  }

  /** A passphrase answer. */
  static PassphraseAnswer given(Passphrase passphrase) {
    return new Given(passphrase);
  }
}
