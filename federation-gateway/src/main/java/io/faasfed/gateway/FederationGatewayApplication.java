package io.faasfed.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the federation gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FederationGatewayApplication {

    /** Runs the gateway with the given Spring Boot arguments. */
    public static void main(String[] args) {
        SpringApplication.run(FederationGatewayApplication.class, args);
    }
}
