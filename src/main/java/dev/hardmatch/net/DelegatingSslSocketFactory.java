package dev.hardmatch.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SSLSocketFactory that hands every call to another and passes each new socket through {@link
 * #configure}; subclasses override that, or the calls they watch.
 */
public class DelegatingSslSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory delegate;

  public DelegatingSslSocketFactory(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  /** Called with every socket this factory creates, before it is returned. */
  protected Socket configure(Socket socket) {
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return configure(delegate.createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket() throws IOException {
    return configure(delegate.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configure(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return configure(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configure(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configure(delegate.createSocket(address, port, localAddress, localPort));
  }
}
