package io.streamrank.ranking.auth;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The write token in the OpenAPI document: a bearer scheme, required by exactly the operations the interceptor checks
 * ({@link WriteOperations}), which also list the 401. Reads carry no requirement: they are open.
 */
@Configuration(proxyBeanMethods = false)
class WriteTokenOpenApi {

    /** The security scheme's name in {@code components.securitySchemes}. */
    static final String SCHEME = "writeToken";

    @Bean
    OpenApiCustomizer writeTokenScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").description("The API write token the service was given "
                            + "(streamrank.api.write-token-file or STREAMRANK_API_WRITE_TOKEN); writes need it, and under "
                            + "streamrank.rules.record-shown=with-token a read carries it to be recorded as shown"));
        };
    }

    @Bean
    OperationCustomizer writeTokenRequirement() {
        return (operation, handler) -> {
            if (WriteOperations.needsToken(handler.getMethod())) {
                operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
                if (operation.getResponses() == null) {
                    operation.setResponses(new ApiResponses());
                }
                operation.getResponses().addApiResponse("401", new ApiResponse().description("No or a wrong write "
                        + "token: problem details of type https://streamrank.io/problems/unauthorized, with "
                        + "WWW-Authenticate: Bearer realm=\"streamrank\"; nothing was read or written"));
            }
            return operation;
        };
    }
}
