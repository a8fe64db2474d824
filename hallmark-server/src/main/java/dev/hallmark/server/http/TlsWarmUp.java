package dev.hallmark.server.http;

import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the TLS record path before the first large transfer needs it. A fresh JVM encrypts and
 * decrypts with interpreted and C1 code until C2 has compiled the AES-GCM path (measured: the first
 * 512 MiB pull of a new server ran at 340 MB/s, later ones at 820 MB/s). At start, one low-priority
 * thread sends records both ways between two in-memory {@link SSLEngine}s made from the server's own
 * key: the same JSSE and cipher code a connection runs, with no socket and no data of anyone's.
 */
final class TlsWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(TlsWarmUp.class);
  private static final String SUITE = "TLS_AES_128_GCM_SHA256";

  private TlsWarmUp() {}

  /** Starts the warm-up on a daemon thread: {@code megabytes} of records each way; 0 does nothing. */
  static void start(KeyStore keys, char[] password, int megabytes) {
    if (megabytes <= 0) {
      return;
    }
    Thread t = Thread.ofPlatform().daemon().name("hallmark-tls-warmup").unstarted(() -> {
      long started = System.nanoTime();
      try {
        run(keys, password, (long) megabytes << 20);
        LOG.debug("TLS warm-up: {} MiB each way in {} ms", megabytes, (System.nanoTime() - started) / 1_000_000);
      } catch (Exception | LinkageError e) {
        LOG.debug("TLS warm-up skipped: {}", e.toString());
      }
    });
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  static void run(KeyStore keys, char[] password, long bytes) throws Exception {
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext serverContext = SSLContext.getInstance("TLSv1.3");
    serverContext.init(kmf.getKeyManagers(), null, null);
    // the client end talks only to the server end in this process, through byte buffers
    SSLContext clientContext = SSLContext.getInstance("TLSv1.3");
    clientContext.init(null, new TrustManager[] {new InMemoryPeer()}, null);
    SSLEngine server = serverContext.createSSLEngine();
    server.setUseClientMode(false);
    server.setEnabledCipherSuites(new String[] {SUITE});
    SSLEngine client = clientContext.createSSLEngine("hallmark-warmup", 443);
    client.setUseClientMode(true);
    client.setEnabledCipherSuites(new String[] {SUITE});

    int packet = Math.max(server.getSession().getPacketBufferSize(), client.getSession().getPacketBufferSize());
    int app = Math.max(server.getSession().getApplicationBufferSize(), client.getSession().getApplicationBufferSize());
    ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
    ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
    ByteBuffer serverIn = ByteBuffer.allocate(app * 4);
    ByteBuffer clientIn = ByteBuffer.allocate(app * 4);
    ByteBuffer empty = ByteBuffer.allocate(0);
    server.beginHandshake();
    client.beginHandshake();
    for (int round = 0; round < 200 && (handshaking(server) || handshaking(client)); round++) {
      client.wrap(empty, toServer);
      server.wrap(empty, toClient);
      toServer.flip();
      toClient.flip();
      client.unwrap(toClient, clientIn);
      server.unwrap(toServer, serverIn);
      toServer.compact();
      toClient.compact();
      tasks(server);
      tasks(client);
    }
    if (handshaking(server) || handshaking(client)) {
      throw new SSLException("in-memory handshake did not finish");
    }
    byte[] record = new byte[16 * 1024];
    for (long sent = 0; sent < bytes; sent += record.length) {
      pass(server, ByteBuffer.wrap(record), toClient, client, clientIn);
      pass(client, ByteBuffer.wrap(record), toServer, server, serverIn);
    }
  }

  /** One record from {@code from} to {@code to}: wrap (encrypt) and unwrap (decrypt). */
  private static void pass(SSLEngine from, ByteBuffer data, ByteBuffer wire, SSLEngine to, ByteBuffer in)
      throws SSLException {
    wire.clear();
    while (data.hasRemaining()) {
      SSLEngineResult r = from.wrap(data, wire);
      if (r.getStatus() != SSLEngineResult.Status.OK) {
        throw new SSLException("wrap: " + r.getStatus());
      }
    }
    wire.flip();
    while (wire.hasRemaining()) {
      in.clear();
      SSLEngineResult r = to.unwrap(wire, in);
      if (r.getStatus() != SSLEngineResult.Status.OK) {
        throw new SSLException("unwrap: " + r.getStatus());
      }
    }
  }

  private static boolean handshaking(SSLEngine e) {
    SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
    return s != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && s != SSLEngineResult.HandshakeStatus.FINISHED;
  }

  private static void tasks(SSLEngine e) {
    Runnable task;
    while ((task = e.getDelegatedTask()) != null) {
      task.run();
    }
  }

  /** Accepts the server end's certificate: the only peer this client end is ever connected to. */
  private static final class InMemoryPeer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
