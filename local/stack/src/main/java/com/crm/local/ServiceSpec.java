package com.crm.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Spring Boot application the stack runs as a child JVM. What it needs is declared, not
 * spelled out as arguments: {@link ServiceArguments} turns the declaration into
 * {@code --key=value} arguments for the current {@link StackConfig}.
 *
 * @param name short name; also the log file name ({@code <name>.log})
 * @param jar the executable jar, relative to the repository root
 * @param portSetting the launcher setting that moves its HTTP port ({@code crm.local.<portSetting>})
 * @param defaultPort HTTP port when the setting is absent
 * @param authorizationServer it is the token issuer: gets the issuer URI
 * @param resourceServer it validates tokens: gets the issuer URI, starts after the issuer
 * @param database its PostgreSQL database, created if missing, passed as {@code spring.datasource.*}
 * @param kafka it talks to Kafka: gets {@code spring.kafka.bootstrap-servers}
 * @param links property name to the name of another service whose base URL it gets
 * @param extraArguments further fixed {@code --key=value} arguments
 */
record ServiceSpec(
        String name,
        String jar,
        String portSetting,
        int defaultPort,
        boolean authorizationServer,
        boolean resourceServer,
        Optional<String> database,
        boolean kafka,
        Map<String, String> links,
        List<String> extraArguments) {

    ServiceSpec {
        links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
        extraArguments = List.copyOf(extraArguments);
    }

    static ServiceSpec of(String name, String jar, String portSetting, int defaultPort) {
        return new ServiceSpec(
                name, jar, portSetting, defaultPort, false, false, Optional.empty(), false, Map.of(), List.of());
    }

    ServiceSpec asAuthorizationServer() {
        return new ServiceSpec(
                this.name,
                this.jar,
                this.portSetting,
                this.defaultPort,
                true,
                this.resourceServer,
                this.database,
                this.kafka,
                this.links,
                this.extraArguments);
    }

    ServiceSpec asResourceServer() {
        return new ServiceSpec(
                this.name,
                this.jar,
                this.portSetting,
                this.defaultPort,
                this.authorizationServer,
                true,
                this.database,
                this.kafka,
                this.links,
                this.extraArguments);
    }

    ServiceSpec withDatabase(String database) {
        return new ServiceSpec(
                this.name,
                this.jar,
                this.portSetting,
                this.defaultPort,
                this.authorizationServer,
                this.resourceServer,
                Optional.of(database),
                this.kafka,
                this.links,
                this.extraArguments);
    }

    ServiceSpec withKafka() {
        return new ServiceSpec(
                this.name,
                this.jar,
                this.portSetting,
                this.defaultPort,
                this.authorizationServer,
                this.resourceServer,
                this.database,
                true,
                this.links,
                this.extraArguments);
    }

    /** The service gets {@code --property=http://localhost:<port of target>}. */
    ServiceSpec withLink(String property, String target) {
        Map<String, String> links = new LinkedHashMap<>(this.links);
        links.put(property, target);
        return new ServiceSpec(
                this.name,
                this.jar,
                this.portSetting,
                this.defaultPort,
                this.authorizationServer,
                this.resourceServer,
                this.database,
                this.kafka,
                links,
                this.extraArguments);
    }

    ServiceSpec withArguments(String... arguments) {
        List<String> all = new ArrayList<>(this.extraArguments);
        all.addAll(List.of(arguments));
        return new ServiceSpec(
                this.name,
                this.jar,
                this.portSetting,
                this.defaultPort,
                this.authorizationServer,
                this.resourceServer,
                this.database,
                this.kafka,
                this.links,
                all);
    }

    /** Services that must answer health UP before this one starts. */
    List<String> dependsOn(List<ServiceSpec> all) {
        List<String> dependencies = new ArrayList<>();
        if (this.resourceServer) {
            all.stream()
                    .filter((other) ->
                            other.authorizationServer() && !other.name().equals(this.name))
                    .map(ServiceSpec::name)
                    .forEach(dependencies::add);
        }
        return dependencies;
    }
}
