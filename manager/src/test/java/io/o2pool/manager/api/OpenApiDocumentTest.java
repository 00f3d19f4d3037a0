package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and docs/api/openapi.json are the same file. */
class OpenApiDocumentTest {
    @Test
    void servedDocumentEqualsTheOneInDocs() throws Exception {
        Path docs = Path.of("..", "docs", "api", "openapi.json");
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.RESOURCE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("copy manager/src/main/resources%s to docs/api/openapi.json", OpenApiResource.RESOURCE)
                    .isEqualTo(Files.readString(docs));
        }
    }
}
