import java.sql.*;
/** An open H2 file database with one table: the embedded store alone. */
public class H2Only { public static void main(String[] a) throws Exception {
    Connection c = DriverManager.getConnection("jdbc:h2:" + a[0] + "/db/h2");
    try (Statement s = c.createStatement()) { s.execute("create table if not exists t(g varchar(255), r varchar(32), v int, data blob, primary key(g,r,v))"); s.execute("merge into t values('a','timestamp',1,X'7b7d')"); }
    try (ResultSet rs = c.createStatement().executeQuery("select data from t")) { rs.next(); rs.getBytes(1); }
    System.gc(); Thread.sleep(600000); } }
