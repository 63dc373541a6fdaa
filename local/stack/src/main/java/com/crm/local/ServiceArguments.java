package com.crm.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a {@link ServiceSpec} into the child JVM's command line for a {@link StackConfig}. */
final class ServiceArguments {

    private ServiceArguments() {}

    /** {@code --key=value} arguments for the Spring Boot application. */
    static List<String> applicationArguments(ServiceSpec service, StackConfig config) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + config.port(service));
        if (service.authorizationServer()) {
            args.add("--spring.security.oauth2.authorizationserver.issuer=" + config.issuerUri());
        }
        service.database().ifPresent((database) -> {
            args.add("--spring.datasource.url=" + config.jdbcUrl(database));
            args.add("--spring.datasource.username=" + config.databaseUser());
            args.add("--spring.datasource.password=" + config.databasePassword());
        });
        if (service.kafka()) {
            args.add("--spring.kafka.bootstrap-servers=" + config.kafkaBootstrap());
        }
        for (Map.Entry<String, String> link : service.links().entrySet()) {
            args.add("--" + link.getKey() + "=" + config.baseUrl(link.getValue()));
        }
        if (service.resourceServer()) {
            args.add("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + config.issuerUri());
        }
        args.addAll(service.extraArguments());
        return List.copyOf(args);
    }

    /** {@code java <options> -jar <jar> <arguments>}, with the launcher's own java binary. */
    static List<String> command(ServiceSpec service, StackConfig config) {
        List<String> command = new ArrayList<>();
        command.add(config.javaCommand());
        command.addAll(config.javaOptions());
        command.add("-jar");
        command.add(config.runJar(service).toString());
        command.addAll(applicationArguments(service, config));
        return List.copyOf(command);
    }

    /** The command as one line for the console, with the password masked. */
    static String display(List<String> command) {
        return String.join(
                " ",
                command.stream()
                        .map((part) -> part.startsWith("--spring.datasource.password=")
                                ? "--spring.datasource.password=***"
                                : part)
                        .toList());
    }
}
