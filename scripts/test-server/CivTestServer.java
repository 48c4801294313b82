// Temporal's time-skipping test server, started at a chosen instant.
//
// The stock launcher (io.temporal.testserver.TestServer) always starts its clock at "now", and a
// time-skipping clock only moves forward, so a test could never run a past plan year such as 2020
// with its real holiday calendar. This launcher does what TestServer.createPortBoundServer does,
// through the same public constructor, plus an initial time, plus ResetStickyTaskQueue, which the
// test server leaves unimplemented (StickyReset.java). It is compiled against the pinned
// test-server version by scripts/install.sh.
//
// Usage: <port> [--enable-time-skipping] [--initial-time 2020-01-01T00:00:00Z]
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.internal.testservice.StickyReset;
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
    // What GRPCServerHelper.registerServicesAndHealthChecks does, with the workflow service's
    // ResetStickyTaskQueue implemented (StickyReset.java).
    HealthStatusManager health = new HealthStatusManager();
    for (BindableService service : services.getServices()) {
      ServerServiceDefinition definition = service.bindService();
      if (service == services.getWorkflowService())
        definition = withStickyReset(definition, new StickyReset(services.getWorkflowService()));
      builder.addService(definition);
      health.setStatus(definition.getServiceDescriptor().getName(), HealthCheckResponse.ServingStatus.SERVING);
    }
    builder.addService(health.getHealthService());
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      services.close();
    }));
    server.awaitTermination();
  }

  private static ServerServiceDefinition withStickyReset(ServerServiceDefinition original, StickyReset reset) {
    MethodDescriptor<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse> method =
        WorkflowServiceGrpc.getResetStickyTaskQueueMethod();
    ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(original.getServiceDescriptor());
    for (ServerMethodDefinition<?, ?> m : original.getMethods())
      if (!m.getMethodDescriptor().getFullMethodName().equals(method.getFullMethodName())) rebuilt.addMethod(m);
    rebuilt.addMethod(method, ServerCalls.asyncUnaryCall(reset::handle));
    return rebuilt.build();
  }
}
