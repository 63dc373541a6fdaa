package com.crm.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** {@code crm.security.audience-check=false}: a token without the audience passes (for providers that set none). */
@SpringBootTest(
        classes = CrmActorWebTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=actor-test",
            "crm.security.audience-check=false",
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ContextConfiguration(initializers = TestTokensInitializer.class)
class AudienceCheckOffTest {

    @LocalServerPort
    int port;

    @Test
    void aTokenWithoutTheAudienceIsAcceptedWhenTheCheckIsOff() {
        var response = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forAudience(null, "crm.read"))
                .get("/api/whoami");

        assertThat(response.status()).isEqualTo(200);
    }
}
