package dev.hallmark.accounts;

/** Who is asking: nobody in particular, or an authenticated user. */
public sealed interface Identity permits Identity.Anonymous, Identity.User {
  /** The {@code sub} of tokens issued to this identity. */
  String subject();

  /** An unauthenticated caller. */
  record Anonymous() implements Identity {
    public static final Anonymous INSTANCE = new Anonymous();

    @Override
    public String subject() {
      return "";
    }
  }

  /** An authenticated user. */
  record User(Account account) implements Identity {
    @Override
    public String subject() {
      return account.name();
    }
  }
}
