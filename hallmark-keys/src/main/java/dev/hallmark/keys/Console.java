package dev.hallmark.keys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Optional;

/** The terminal passphrase prompts talk to; tests pass a scripted one. */
public interface Console {
  /** Whether input is an interactive terminal (notary refuses to prompt otherwise). */
  boolean isTerminal();

  /** Writes prompt text as is (no newline added). */
  void print(String text);

  /** Reads one line without echo, without its line break; empty at end of input. */
  Optional<char[]> readSecretLine() throws IOException;

  /**
   * The process's terminal when there is one, otherwise standard input and output. Which of the two
   * is decided at the first prompt: {@link System#console()} loads the JDK's line editor, which costs
   * a start-up that reads every passphrase from the environment and never prompts.
   */
  static Console system() {
    return new Console() {
      private Console delegate;

      private Console delegate() {
        if (delegate == null) {
          delegate = resolveSystem();
        }
        return delegate;
      }

      @Override
      public boolean isTerminal() {
        return delegate().isTerminal();
      }

      @Override
      public void print(String text) {
        delegate().print(text);
      }

      @Override
      public Optional<char[]> readSecretLine() throws IOException {
        return delegate().readSecretLine();
      }
    };
  }

  private static Console resolveSystem() {
    java.io.Console terminal = System.console();
    if (terminal != null && terminal.isTerminal()) {
      return new Console() {
        @Override
        public boolean isTerminal() {
          return true;
        }

        @Override
        public void print(String text) {
          terminal.writer().print(text);
          terminal.writer().flush();
        }

        @Override
        public Optional<char[]> readSecretLine() {
          return Optional.ofNullable(terminal.readPassword());
        }
      };
    }
    PrintStream out = System.out;
    var in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
    return new Console() {
      @Override
      public boolean isTerminal() {
        return false;
      }

      @Override
      public void print(String text) {
        out.print(text);
        out.flush();
      }

      @Override
      public Optional<char[]> readSecretLine() throws IOException {
        String line = in.readLine();
        if (line == null) {
          return Optional.empty();
        }
        char[] chars = line.toCharArray();
        return Optional.of(Arrays.copyOf(chars, chars.length));
      }
    };
  }
}
