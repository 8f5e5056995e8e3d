package com.totaltotes.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on 127.0.0.1 that accepts TCP connections and never writes a byte: a hung database or
 * bucket endpoint. Closing it closes every accepted socket, so nothing outlives the test.
 */
public final class HungServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public HungServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptForever, "hung-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptForever() {
    while (!server.isClosed()) {
      try {
        accepted.add(server.accept());
      } catch (IOException closed) {
        return;
      }
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.size();
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
    acceptor.join(5_000);
  }
}
