package dev.hallmark.keys;

import java.util.Map;
import java.util.Objects;

/**
 * Where key passphrases come from: environment variables, a prompt, a constant (reference
 * passphrase/passphrase.go, cmd/notary/main.go {@code getPassphraseRetriever}, docker/cli
 * cli/trust/trust.go {@code GetPassphraseRetriever}).
 *
 * {@snippet :
 * PassphraseRetriever passphrases = PassphraseRetriever.notary(System.getenv(), Console.system());
 * }
 */
@FunctionalInterface
public interface PassphraseRetriever {
  /** Answers one request; never throws for a missing passphrase, it answers {@code Retry} or {@code GiveUp}. */
  PassphraseAnswer answer(PassphraseRequest request);

  /** Always the same passphrase, as notary's {@code ConstantRetriever}. */
  static PassphraseRetriever constant(Passphrase passphrase) {
    Objects.requireNonNull(passphrase);
    return request -> PassphraseAnswer.given(passphrase);
  }

  /**
   * The notary CLI's sources: {@code NOTARY_ROOT_PASSPHRASE}, {@code NOTARY_TARGETS_PASSPHRASE},
   * {@code NOTARY_SNAPSHOT_PASSPHRASE} for those aliases; {@code NOTARY_DELEGATION_PASSPHRASE} for
   * every alias that is not a base role; otherwise a prompt that needs a terminal.
   */
  static PassphraseRetriever notary(Map<String, String> env, Console console) {
    return EnvPassphraseRetriever.notary(env, PromptPassphraseRetriever.notary(console));
  }

  /**
   * Docker's sources: {@code DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE} for root,
   * {@code DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE} for every other alias; otherwise a prompt
   * labelling targets and snapshot keys "repository".
   */
  static PassphraseRetriever docker(Map<String, String> env, Console console) {
    return EnvPassphraseRetriever.docker(env, PromptPassphraseRetriever.docker(console));
  }
}
