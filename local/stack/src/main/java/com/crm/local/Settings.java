package com.crm.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a launcher setting comes from, first match wins: a {@code --key=value} command-line
 * argument, a {@code -Dkey=value} system property, an environment variable, the default.
 * <p>
 * Keys are {@code crm.local.<name>}; on the command line the {@code crm.local.} prefix may be
 * left out ({@code --gateway-port=8090}). The environment variable is {@code CRM_} followed by
 * the name in upper case with {@code -} and {@code .} as {@code _}: {@code crm.local.data-dir}
 * is {@code CRM_DATA_DIR}, {@code crm.local.kafka-bootstrap} is {@code CRM_KAFKA_BOOTSTRAP}.
 */
final class Settings {

    static final String PREFIX = "crm.local.";

    private final Map<String, String> arguments;

    private final Map<String, String> systemProperties;

    private final Map<String, String> environment;

    Settings(Map<String, String> arguments, Map<String, String> systemProperties, Map<String, String> environment) {
        this.arguments = Map.copyOf(arguments);
        this.systemProperties = Map.copyOf(systemProperties);
        this.environment = Map.copyOf(environment);
    }

    static Settings of(List<String> args, Map<String, String> systemProperties, Map<String, String> environment) {
        return new Settings(parseArguments(args), systemProperties, environment);
    }

    /** The settings the running JVM sees. */
    static Settings current(List<String> args) {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        return of(args, properties, System.getenv());
    }

    /**
     * {@code --name=value} and {@code --crm.local.name=value} become {@code crm.local.name}; a bare
     * {@code --flag} means {@code true}.
     */
    static Map<String, String> parseArguments(List<String> args) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "': use --name=value");
            }
            String body = arg.substring(2);
            int equals = body.indexOf('=');
            String name = (equals < 0) ? body : body.substring(0, equals);
            String value = (equals < 0) ? "true" : body.substring(equals + 1);
            parsed.put(key(name), value);
        }
        return parsed;
    }

    static String key(String name) {
        return name.startsWith(PREFIX) ? name : PREFIX + name;
    }

    static String environmentVariable(String key) {
        String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        return "CRM_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** Names given on the command line, to report the ones nobody reads. */
    Set<String> argumentKeys() {
        return this.arguments.keySet();
    }

    /** The value, stripped; a blank value counts as absent. */
    Optional<String> get(String name) {
        return getAllowBlank(name).filter((value) -> !value.isEmpty());
    }

    /** The value, stripped; a blank value is present (for settings where empty means "none"). */
    Optional<String> getAllowBlank(String name) {
        String key = key(name);
        String value = this.arguments.get(key);
        if (value == null) {
            value = this.systemProperties.get(key);
        }
        if (value == null) {
            value = this.environment.get(environmentVariable(key));
        }
        return Optional.ofNullable(value).map(String::strip);
    }

    String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    int port(String name, int defaultValue) {
        return get(name).map((value) -> parsePort(name, value)).orElse(defaultValue);
    }

    boolean flag(String name) {
        return get(name)
                .map((value) -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1", "on" -> true;
                    case "false", "no", "0", "off" -> false;
                    default ->
                        throw new IllegalArgumentException(key(name) + " must be true or false, not '" + value + "'");
                })
                .orElse(false);
    }

    /** Raw environment lookup, for values that belong to the children (e.g. client secrets). */
    Optional<String> environment(String variable) {
        return Optional.ofNullable(this.environment.get(variable));
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key(name) + " must be a port number (1-65535), not '" + value + "'");
        }
    }
}
