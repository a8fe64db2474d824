import com.sun.net.httpserver.*;
import javax.net.ssl.*;
import java.security.KeyStore;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.sql.*;
/** H2 with one table and the JDK's built-in HTTPS server answering with a stored row: no framework. */
public class H2HttpsServer { public static void main(String[] a) throws Exception {
    Connection c = DriverManager.getConnection("jdbc:h2:" + a[0] + "/db/min");
    try (Statement s = c.createStatement()) { s.execute("create table if not exists t(g varchar(255), r varchar(32), v int, data blob, primary key(g,r,v))"); s.execute("merge into t values('a','timestamp',1,X'7b7d')"); }
    byte[] body; try (ResultSet rs = c.createStatement().executeQuery("select data from t")) { rs.next(); body = rs.getBytes(1); }
    KeyStore ks = KeyStore.getInstance("PKCS12"); ks.load(new FileInputStream(a[0] + "/ks.p12"), "changeit".toCharArray());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509"); kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS"); ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer srv = HttpsServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[1])), 0);
    srv.setHttpsConfigurator(new HttpsConfigurator(ctx));
    srv.createContext("/", ex -> { ex.sendResponseHeaders(200, body.length); ex.getResponseBody().write(body); ex.close(); });
    srv.start(); System.gc(); Thread.sleep(600000); } }
