package io.o2pool.manager.api;

import io.javalin.http.Context;

/** Reads the numeric {@code {id}} path parameter; a non-number is a 404, as no such resource can exist. */
final class PathIds {
    private PathIds() {
    }

    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no resource with id '" + raw + "'");
        }
    }
}
