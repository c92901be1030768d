package dev.hardmatch.tenant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * A connection that drops while a {@code $batch} body is still being written (a network fault, or a
 * server that answers or closes before reading the body): the resend must carry the whole body. It
 * used to carry only the part of the SDK's body stream not yet read, and Graph answered 400 "Unable
 * to read JSON request payload". No timing involved: the body is larger than the socket buffers and
 * the first connection is reset before any of it is read, so its write always fails part-way.
 */
class GraphResendTest {

  @Test
  void aBatchWhoseConnectionDroppedWhileSendingItsBodyIsResentWhole() throws Exception {
    byte[] body = batchBody(8 << 20);
    try (ResetFirstConnection server = new ResetFirstConnection();
        GraphClient graph =
            new GraphClient(
                "http://127.0.0.1:" + server.port() + "/v1.0",
                AnonymousAuthenticationProvider::new,
                NOPLogger.NOP_LOGGER)) {
      RequestInformation post = new RequestInformation();
      post.httpMethod = HttpMethod.POST;
      post.setUri(URI.create(graph.base() + "/$batch"));
      post.setStreamContent(new ByteArrayInputStream(body), "application/json");
      NativeResponseHandler handler = new NativeResponseHandler();
      post.setResponseHandler(handler);

      graph.adapter().sendPrimitive(post, null, InputStream.class);

      try (Response response = (Response) handler.getValue()) {
        assertEquals(200, response.code(), "the resent batch was accepted");
      }
      assertTrue(server.bodies.size() >= 2, "the first connection was reset: " + server.bodies);
      assertEquals(null, server.bodies.get(0), "nothing read on the reset connection");
      for (byte[] received : server.bodies.subList(1, server.bodies.size())) {
        assertArrayEquals(body, received, "every resend carries the whole body");
      }
    }
  }

  /** A {@code $batch} request body of about {@code size} bytes (one long filter). */
  private static byte[] batchBody(int size) {
    String head = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users?$filter=";
    String tail = "\"}]}";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An HTTP server on 127.0.0.1 that resets its first connection right after the request headers,
   * and answers later ones 200 when their body looks like whole JSON, 400 as Graph does otherwise.
   * Records each connection's body (null: not read).
   */
  private static final class ResetFirstConnection implements AutoCloseable {
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final ServerSocket socket = new ServerSocket();
    private final Thread loop;

    ResetFirstConnection() throws IOException {
      // Small receive window: the client cannot park 8 MB in buffers before the reset.
      socket.setReceiveBufferSize(16 * 1024);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      loop = new Thread(this::serve, "reset-first-connection");
      loop.setDaemon(true);
      loop.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      try {
        for (int n = 0; ; n++) {
          try (Socket connection = socket.accept()) {
            InputStream in = connection.getInputStream();
            long length = contentLength(in);
            if (n == 0) {
              bodies.add(null);
              connection.setSoLinger(true, 0); // close with RST, the body unread
              continue;
            }
            byte[] received = new byte[(int) length];
            new DataInputStream(in).readFully(received);
            bodies.add(received);
            boolean json =
                received.length > 0 && received[0] == '{' && received[received.length - 1] == '}';
            String status = json ? "200 OK" : "400 Bad Request";
            OutputStream out = connection.getOutputStream();
            out.write(
                ("HTTP/1.1 "
                        + status
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
      } catch (IOException closed) {
        // the test is over
      }
    }

    /** Reads the request line and headers; returns Content-Length (0 without one). */
    private static long contentLength(InputStream in) throws IOException {
      long length = 0;
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(line.substring("content-length:".length()).strip());
        }
      }
      return length;
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed in the headers");
        }
        if (b != '\r') {
          bytes.write(b);
        }
      }
      return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
