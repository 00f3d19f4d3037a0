package io.o2pool.agent.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.api.ApiError;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.api.ClusterChange;
import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.Facts;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.GenerationRequest;
import io.o2pool.agent.api.Health;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.PreflightReport;
import io.o2pool.agent.api.PreflightRequest;
import io.o2pool.agent.api.ProbeListening;
import io.o2pool.agent.api.ProbeRequest;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.api.StopAllRequest;
import io.o2pool.agent.api.MigrateRequest;
import io.o2pool.agent.api.MigrateResult;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmEventPage;
import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.api.VmLease;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.api.VmStatus;
import io.o2pool.agent.api.VmStopResult;
import io.o2pool.agent.tls.PinnedTrust;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The manager's client for one agent: HTTPS with the agent's certificate pinned by SHA-256 fingerprint (any other
 * certificate is refused before a byte of the request is sent), HTTP Basic as user {@code o2pool}, JSON bodies as
 * the {@link io.o2pool.agent.api} records. Failures are {@link AgentClientException}s with the status and the
 * agent's error. Thread-safe; keep one per agent.
 */
public final class AgentClient {
    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = Json.mapper();

    /**
     * A client for the agent at {@code baseUrl} (e.g. {@code https://192.168.3.153:8899}) that trusts only the
     * certificate with {@code fingerprint}.
     */
    public AgentClient(String baseUrl, String fingerprint, String password, Duration timeout) {
        this(baseUrl, fingerprint, password, null, timeout);
    }

    /**
     * As above, presenting {@code clientKeys} (the manager's key pair, {@code TlsIdentity.keyManagers()}) on every TLS
     * connection: the credential of an agent the manager enrolled with ({@link #enrol()}). {@code password} may then
     * be null (no HTTP Basic header is sent); give it only to enrol.
     */
    public AgentClient(String baseUrl, String fingerprint, String password, KeyManager[] clientKeys,
                       Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (!"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("agent URL " + baseUrl + " must start with https://");
        }
        this.authorization = password == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                ("o2pool:" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().sslContext(context(fingerprint, clientKeys))
                .connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static SSLContext context(String fingerprint, KeyManager[] clientKeys) {
        if (clientKeys == null) {
            return new PinnedTrust(fingerprint).sslContext();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeys, new TrustManager[] {new PinnedTrust(fingerprint)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS client context with the manager's key", e);
        }
    }

    /**
     * Enrols the manager whose key this client presents ({@code POST /v1/enrol}, with the agent password): from then
     * on the agent accepts only that certificate. Idempotent for the same manager.
     */
    public io.o2pool.agent.api.EnrolmentInfo enrol() {
        return call("POST", "/v1/enrol", java.util.Map.of(), io.o2pool.agent.api.EnrolmentInfo.class);
    }

    /** The agent's enrolment ({@code GET /v1/enrolment}). */
    public io.o2pool.agent.api.EnrolmentInfo enrolment() {
        return call("GET", "/v1/enrolment", null, io.o2pool.agent.api.EnrolmentInfo.class);
    }

    public URI baseUri() {
        return base;
    }

    public Health health() {
        return call("GET", "/health", null, Health.class);
    }

    public Facts facts() {
        return call("GET", "/v1/facts", null, Facts.class);
    }

    public PreflightReport preflight(PreflightRequest request) {
        return call("POST", "/v1/preflight", request, PreflightReport.class);
    }

    /** Asks the agent to listen on its cluster address and port for a while, for a peer's reachability check. */
    public ProbeListening probeListen(ProbeRequest request) {
        return call("POST", "/v1/probe/listen", request, ProbeListening.class);
    }

    public ChangeResult stage(StageRequest request) {
        return call("POST", "/v1/config/stage", request, ChangeResult.class);
    }

    public ChangeResult commit(long generation) {
        return call("POST", "/v1/config/commit", new GenerationRequest(generation), ChangeResult.class);
    }

    /**
     * Makes the live generation's kept predecessor {@code generation} live again ({@code POST /v1/config/rollback});
     * 409 for any other generation.
     */
    public ChangeResult rollback(long generation) {
        return call("POST", "/v1/config/rollback", new GenerationRequest(generation), ChangeResult.class);
    }

    /**
     * Tells the node it left pool {@code poolId} ({@code POST /v1/config/forget}): its live configuration is removed
     * and its stack is not started again; 409 while the stack runs or for another pool's configuration.
     */
    public ChangeResult forget(String poolId) {
        return call("POST", "/v1/config/forget", java.util.Map.of("poolId", poolId), ChangeResult.class);
    }

    /** Shows ({@code apply} false) or writes the hosts-file fix mapping {@code nodeName} to {@code address}. */
    public io.o2pool.agent.api.HostsFixAnswer fixHosts(io.o2pool.agent.api.HostsFixRequest request) {
        return call("POST", "/v1/hosts/fix", request, io.o2pool.agent.api.HostsFixAnswer.class);
    }

    public ChangeResult abort(long generation) {
        return call("POST", "/v1/config/abort", new GenerationRequest(generation), ChangeResult.class);
    }

    /** The live files as on disk with the live generation and drift flag ({@code GET /v1/config/live}). */
    public io.o2pool.agent.api.LiveConfig liveConfig() {
        return call("GET", "/v1/config/live", null, io.o2pool.agent.api.LiveConfig.class);
    }

    public ConfigStatus config() {
        return call("GET", "/v1/config", null, ConfigStatus.class);
    }

    /** The previous generation's files, or empty when the agent keeps none yet. */
    public Optional<StageRequest> previousConfig() {
        try {
            return Optional.of(call("GET", "/v1/config/previous", null, StageRequest.class));
        } catch (AgentClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public ClusterView cluster() {
        return call("GET", "/v1/cluster", null, ClusterView.class);
    }

    /** Brings the cluster stack online with the live configuration ({@code POST /v1/cluster/online}): the view after. */
    public ClusterView online() {
        return bringOnline().view();
    }

    /** As {@link #online()}, with what the stack did ({@code STARTED} or {@code ALREADY_ONLINE}) and the view after. */
    public ClusterChange bringOnline() {
        return call("POST", "/v1/cluster/online", Map.of(), ClusterChange.class);
    }

    /** Takes the cluster stack offline ({@code POST /v1/cluster/offline}); refused while heartbeating. The view after. */
    public ClusterView offline() {
        return takeOffline().view();
    }

    /** As {@link #offline()}, with what the stack did ({@code STOPPED} or {@code ALREADY_OFFLINE}) and the view after. */
    public ClusterChange takeOffline() {
        return call("POST", "/v1/cluster/offline", Map.of(), ClusterChange.class);
    }

    /** What this server's VM guard killed, newest first, at most {@code limit} (1-100) ({@code GET /v1/vm-guard/kills}). */
    public io.o2pool.agent.api.GuardKills guardKills(int limit) {
        return call("GET", "/v1/vm-guard/kills?limit=" + limit, null, io.o2pool.agent.api.GuardKills.class);
    }

    /** This agent's node's fence records, newest first, at most 20 ({@code GET /v1/fence}). */
    public FenceRecords fenceRecords() {
        return call("GET", "/v1/fence", null, FenceRecords.class);
    }

    /**
     * The fence records of node {@code node} (null: the agent's own node; a peer's name: its records in the shared
     * repository), newest first, at most {@code limit} (1-100).
     */
    public FenceRecords fenceRecords(String node, int limit) {
        String query = "?limit=" + limit + (node == null ? "" : "&node="
                + java.net.URLEncoder.encode(node, StandardCharsets.UTF_8));
        return call("GET", "/v1/fence" + query, null, FenceRecords.class);
    }

    /**
     * {@code GET /v1/forensics/kernel-log}: the kernel lines node {@code node} sent to this agent over netconsole,
     * those that arrived at or after {@code since} (null: all kept), oldest first.
     */
    public io.o2pool.agent.api.KernelLogLines kernelLog(String node, java.time.Instant since) {
        String query = "?node=" + java.net.URLEncoder.encode(node, StandardCharsets.UTF_8)
                + (since == null ? "" : "&since=" + since);
        return call("GET", "/v1/forensics/kernel-log" + query, null, io.o2pool.agent.api.KernelLogLines.class);
    }

    /** {@code GET /v1/health}: the heartbeat health of the agent's node (its writes, its peers, warnings). */
    public io.o2pool.agent.api.HeartbeatReport heartbeat() {
        return call("GET", "/v1/health", null, io.o2pool.agent.api.HeartbeatReport.class);
    }

    public RepositoryInfo attachRepository(AttachRequest request) {
        return call("POST", "/v1/repository/attach", request, RepositoryInfo.class);
    }

    /**
     * The repository of {@code type} ({@code directory} or {@code ocfs2}) at {@code path} without attaching or mounting
     * it ({@code POST /v1/repository/inspect}): its UUID and, for OCFS2 (mounted or not), the superblock's
     * {@link io.o2pool.agent.api.RepositoryMode mode}, its {@code slots}, and how the kernel has it
     * {@link io.o2pool.agent.api.RepositoryMount mounted} now.
     */
    public RepositoryInfo inspectRepository(String type, String path) {
        return call("POST", "/v1/repository/inspect", Map.of("type", type, "path", path), RepositoryInfo.class);
    }

    /**
     * Detaches the attached repository of {@code type} at {@code path} ({@code POST /v1/repository/detach}): an OCFS2
     * one is unmounted, the userspace node heartbeating in a directory one stops cleanly (the stack stays online);
     * idempotent: one that is not attached is answered with a {@code note} saying so.
     */
    public RepositoryInfo detachRepository(String type, String path) {
        return call("POST", "/v1/repository/detach", Map.of("type", type, "path", path), RepositoryInfo.class);
    }

    public List<RepositoryInfo> repositories() {
        return call("GET", "/v1/repositories", null, json.getTypeFactory().constructType(new TypeReference<List<RepositoryInfo>>() { }));
    }

    public RepositoryInfo convertToCluster(String device, int slots) {
        return call("POST", "/v1/repository/convert-to-cluster", Map.of("path", device, "slots", slots), RepositoryInfo.class);
    }

    /** Raises the unmounted cluster volume's node slots to {@code slots} ({@code POST /v1/repository/grow-slots}). */
    public RepositoryInfo growSlots(String device, int slots) {
        return call("POST", "/v1/repository/grow-slots", Map.of("path", device, "slots", slots), RepositoryInfo.class);
    }

    public List<VmInfo> vms() {
        return call("GET", "/v1/vms", null, json.getTypeFactory().constructType(new TypeReference<List<VmInfo>>() { }));
    }

    public VmStopResult stopAllVms(int timeoutSeconds) {
        return call("POST", "/v1/vms/stop-all", new StopAllRequest(timeoutSeconds), VmStopResult.class);
    }

    /**
     * Every VM this server's driver knows, running or not, with its state ({@code GET /v1/vms}); the same endpoint
     * as {@link #vms()}, read with the full {@link VmStatus}.
     */
    public List<VmStatus> vmStatuses() {
        return call("GET", "/v1/vms", null, json.getTypeFactory().constructType(new TypeReference<List<VmStatus>>() { }));
    }

    /** One VM's state on this server ({@code GET /v1/vms/{name}}); {@link VmState#MISSING} when not defined here. */
    public VmStatus vm(String name) {
        return call("GET", vmPath(name), null, VmStatus.class);
    }

    /**
     * Defines (or redefines, while stopped) the VM here and writes its definition into the shared repository
     * ({@code PUT /v1/vms/{name}}); 400 naming the field for a bad definition, 409 while it runs with another definition.
     */
    public VmStatus defineVm(VmDefinition definition) {
        return call("PUT", vmPath(definition.name()), definition, VmStatus.class);
    }

    /** The definition kept in the shared repository ({@code GET /v1/vms/{name}/definition}); 404 when there is none. */
    public VmDefinition vmDefinition(String name) {
        return call("GET", vmPath(name) + "/definition", null, VmDefinition.class);
    }

    /** Every definition in the shared repository ({@code GET /v1/vms/definitions}), by name. */
    public List<VmDefinition> vmDefinitions() {
        return call("GET", "/v1/vms/definitions", null,
                json.getTypeFactory().constructType(new TypeReference<List<VmDefinition>>() { }));
    }

    /**
     * Starts the VM here from the repository's definition, taking its lease first ({@code POST /v1/vms/{name}/start});
     * 409 with the holder named while another server holds it; idempotent while it runs here.
     */
    public VmStatus startVm(String name) {
        return call("POST", vmPath(name) + "/start", Map.of(), VmStatus.class);
    }

    /**
     * Asks the guest to shut down, destroys it after {@code timeoutSeconds} (1–3600) if still running, and releases
     * the lease ({@code POST /v1/vms/{name}/shutdown}); the status's reason says which ({@code shutdown} or
     * {@code destroyed after timeout}).
     */
    public VmStatus shutdownVm(String name, int timeoutSeconds) {
        return call("POST", vmPath(name) + "/shutdown", Map.of("timeoutSeconds", timeoutSeconds), VmStatus.class,
                timeout.plusSeconds(timeoutSeconds));
    }

    /** Forces the VM off at once and releases the lease ({@code POST /v1/vms/{name}/destroy}); idempotent. */
    public VmStatus destroyVm(String name) {
        return call("POST", vmPath(name) + "/destroy", Map.of(), VmStatus.class);
    }

    /**
     * Live-migrates the VM from this server to {@code request.destination()} ({@code POST /v1/vms/{name}/migrate}),
     * handing its lease over; on failure it keeps running here with the lease.
     */
    public MigrateResult migrateVm(String name, MigrateRequest request) {
        int seconds = request.timeoutSeconds() > 0 ? request.timeoutSeconds() : 300;
        return call("POST", vmPath(name) + "/migrate", request, MigrateResult.class, timeout.plusSeconds(seconds));
    }

    /**
     * Undefines the stopped VM here and, with {@code deleteDefinition}, removes its definition (and the tiny guest's
     * disk) from the repository ({@code DELETE /v1/vms/{name}[?definition=true]}); 409 while it runs.
     */
    public VmStatus undefineVm(String name, boolean deleteDefinition) {
        return call("DELETE", vmPath(name) + (deleteDefinition ? "?definition=true" : ""), null, VmStatus.class);
    }

    /** What this server offers as a live migration's destination ({@code GET /v1/vms/endpoint}). */
    public VmEndpoint vmEndpoint() {
        return call("GET", "/v1/vms/endpoint", null, VmEndpoint.class);
    }

    /** Every VM lease in the shared repository ({@code GET /v1/vms/leases}), by VM name. */
    public List<VmLease> vmLeases() {
        return call("GET", "/v1/vms/leases", null, json.getTypeFactory().constructType(new TypeReference<List<VmLease>>() { }));
    }

    /**
     * The VM events after {@code afterSeq} ({@code GET /v1/vms/events?after=SEQ&waitMs=N}), waiting up to
     * {@code waitMs} (0–60000) for the first one.
     */
    public VmEventPage vmEvents(long afterSeq, long waitMs) {
        return call("GET", "/v1/vms/events?after=" + afterSeq + "&waitMs=" + waitMs, null,
                json.constructType(VmEventPage.class), timeout.plusMillis(waitMs));
    }

    private static String vmPath(String name) {
        return "/v1/vms/" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Streams membership views from {@code GET /v1/events} to {@code listener} on a background thread until the
     * returned handle is closed or the connection ends; the first view arrives at once.
     */
    public AutoCloseable events(Consumer<ClusterView> listener) {
        return events(listener, event -> { });
    }

    /**
     * Streams {@code GET /v1/events}: membership views to {@code views} and the stack's membership events (node-up,
     * node-down, connected, disconnected, fenced) to {@code events}, on a background thread until the handle is
     * closed or the connection ends; the first view arrives at once. Events of other names are skipped.
     */
    public AutoCloseable events(Consumer<ClusterView> views, Consumer<ClusterEvent> events) {
        HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve("/v1/events")).GET())
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw failure(response.statusCode(), "", "GET /v1/events");
        }
        Stream<String> lines = response.body();
        Thread reader = Thread.ofVirtual().name("agent-events-" + base.getHost()).start(() -> {
            StringBuilder data = new StringBuilder();
            StringBuilder name = new StringBuilder("message");
            try {
                lines.forEach(line -> {
                    if (line.startsWith("event:")) {
                        name.setLength(0);
                        name.append(line.substring(6).strip());
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        switch (name.toString()) {
                            case "membership" -> views.accept(read(data.toString(), json.constructType(ClusterView.class)));
                            case "cluster-event" -> events.accept(read(data.toString(),
                                    json.constructType(ClusterEvent.class)));
                            default -> { } // a later agent's event kind: not for this client
                        }
                        data.setLength(0);
                        name.setLength(0);
                        name.append("message");
                    }
                });
            } catch (RuntimeException closed) {
                // the stream was closed by close() or the agent went away
            }
        });
        return () -> {
            lines.close();
            reader.interrupt();
        };
    }

    /** The HTTP Basic header when this client has the agent password (an enrolled client has none). */
    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private <T> T call(String method, String path, Object body, Class<T> type) {
        return call(method, path, body, json.constructType(type));
    }

    private <T> T call(String method, String path, Object body, Class<T> type, Duration callTimeout) {
        return call(method, path, body, json.constructType(type), callTimeout);
    }

    private <T> T call(String method, String path, Object body, JavaType type) {
        return call(method, path, body, type, timeout);
    }

    private <T> T call(String method, String path, Object body, JavaType type, Duration callTimeout) {
        HttpRequest.Builder builder = authorized(HttpRequest.newBuilder(base.resolve(path)).timeout(callTimeout))
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot encode " + body, e);
            }
        }
        HttpResponse<String> response = send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body(), method + " " + path);
        }
        return read(response.body(), type);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new AgentClientException(0, null, request.method() + " " + request.uri() + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentClientException(0, null, "interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private AgentClientException failure(int status, String body, String what) {
        ApiError error = null;
        try {
            error = body == null || body.isBlank() ? null : json.readValue(body, ApiError.class);
        } catch (IOException notJson) {
            // keep the raw body in the message
        }
        String detail = error != null ? error.message() + (error.field() != null ? " (field " + error.field() + ")" : "") : body;
        return new AgentClientException(status, error, what + " on " + base + " answered " + status + ": " + detail, null);
    }

    private <T> T read(String body, JavaType type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new AgentClientException(200, null, "unexpected answer from " + base + ": " + e.getMessage(), e);
        }
    }

    /**
     * What went wrong, in words, never {@code null}: the innermost message that says something, or the kind of
     * failure (refused, timed out, closed) when the JDK gave none.
     */
    static String describe(IOException e) {
        String message = null;
        String kind = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            boolean causeName = t.getCause() != null && String.valueOf(t.getCause()).equals(t.getMessage());
            if (t.getMessage() != null && !t.getMessage().isBlank() && !causeName) {
                message = t.getMessage();
            }
            kind = switch (t) {
                case java.net.http.HttpConnectTimeoutException c -> "connect timed out";
                case java.net.http.HttpTimeoutException h -> "timed out waiting for the answer";
                case java.net.ConnectException c -> "connection refused";
                case java.nio.channels.ClosedChannelException c -> "connection closed";
                case java.net.UnknownHostException u -> "unknown host";
                case javax.net.ssl.SSLException ssl -> "TLS failed";
                default -> kind != null ? kind : t.getClass().getSimpleName();
            };
        }
        if (message == null) {
            return kind;
        }
        return message.toLowerCase(java.util.Locale.ROOT).contains(kind.toLowerCase(java.util.Locale.ROOT))
                ? message : kind + ": " + message;
    }
}
