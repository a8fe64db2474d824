import org.eclipse.jetty.server.*;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.io.Content;
import java.sql.*;
import java.nio.ByteBuffer;
/** H2 and Jetty 12 with TLS answering with a stored row: the stack Hallmark's server is built on, and nothing else. */
public class JettyH2Tls {
  public static void main(String[] a) throws Exception {
    Connection c = DriverManager.getConnection("jdbc:h2:" + a[0] + "/db/jetty");
    try (Statement s = c.createStatement()) { s.execute("create table if not exists t(g varchar(255), r varchar(32), v int, data blob, primary key(g,r,v))"); s.execute("merge into t values('a','timestamp',1,X'7b7d')"); }
    byte[] body;
    try (ResultSet rs = c.createStatement().executeQuery("select data from t")) { rs.next(); body = rs.getBytes(1); }
    Server server = new Server();
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(a[0] + "/ks.p12"); ssl.setKeyStorePassword("changeit");
    ServerConnector conn = new ServerConnector(server, ssl, new HttpConnectionFactory());
    conn.setHost("127.0.0.1"); conn.setPort(Integer.parseInt(a[1])); server.addConnector(conn);
    server.setHandler(new Handler.Abstract() { public boolean handle(Request rq, Response rs, Callback cb) { rs.write(true, ByteBuffer.wrap(body), cb); return true; } });
    server.start();
    System.gc();
    System.out.println("up"); Thread.sleep(600000);
  }
}
