package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/openapi.json}: the OpenAPI 3 document of this API (the same file as docs/api/openapi.json). */
public final class OpenApiResource implements ApiResource {
    static final String RESOURCE = "/io/o2pool/manager/api/openapi.json";
    private final byte[] document;

    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document " + RESOURCE + " missing from the manager jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/openapi.json", this::serve);
    }

    private void serve(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
