// Temporal's time-skipping test server, started at a chosen instant.
//
// The stock launcher (io.temporal.testserver.TestServer) always starts its clock at "now", and a
// time-skipping clock only moves forward, so a test could never run a past plan year such as 2020
// with its real holiday calendar. This launcher does what TestServer.createPortBoundServer does,
// through the same public constructor, plus an initial time. It is compiled against the pinned
// test-server version by scripts/install.sh.
//
// Usage: <port> [--enable-time-skipping] [--initial-time 2020-01-01T00:00:00Z]
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

public final class CivTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: <port> [--enable-time-skipping] [--initial-time ISO-8601 instant]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = false;
    long initialTimeMillis = 0; // 0: the test server's own default, the current time
    for (int i = 1; i < args.length; i++) {
      if (args[i].equalsIgnoreCase("--enable-time-skipping")) {
        timeSkipping = true;
      } else if (args[i].equals("--initial-time") && i + 1 < args.length) {
        initialTimeMillis = Instant.parse(args[++i]).toEpochMilli();
      } else {
        System.err.println("Unknown flag " + args[i]);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, initialTimeMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      services.close();
    }));
    server.awaitTermination();
  }
}
