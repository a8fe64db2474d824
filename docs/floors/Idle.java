/** A JVM that does nothing: the floor under every Java server. */
public class Idle {
  public static void main(String[] a) throws Exception {
    System.gc();
    Thread.sleep(600_000);
  }
}
