// A reporting DAO with string-built SQL, weak hashing and command execution.
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;

public class Report {
    private final Connection conn;

    public Report(Connection conn) {
        this.conn = conn;
    }

    public ResultSet byCustomer(String customer) throws Exception {
        Statement stmt = conn.createStatement();
        return stmt.executeQuery("SELECT * FROM orders WHERE customer = '" + customer + "'");
    }

    public byte[] fingerprint(byte[] data) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(data);
    }

    public void archive(String name) throws Exception {
        Runtime.getRuntime().exec("tar czf /backups/" + name + ".tgz /data");
    }

    public int token() {
        return new Random().nextInt();
    }
}
