package com.crm.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Creates the services' databases on a PostgreSQL server when they are missing. */
final class Databases {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Databases() {}

    /**
     * @param serverUrl JDBC URL without database, e.g. {@code jdbc:postgresql://localhost:15432}
     * @return the databases that were created now
     */
    static List<String> ensureExist(String serverUrl, String user, String password, List<String> databases)
            throws SQLException {
        List<String> created = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(serverUrl + "/postgres", user, password)) {
            for (String database : databases) {
                if (!SAFE_NAME.matcher(database).matches()) {
                    throw new IllegalArgumentException("Not a plain database name: " + database);
                }
                if (!exists(connection, database)) {
                    try (Statement statement = connection.createStatement()) {
                        // CREATE DATABASE takes no bind parameters; the name is checked above
                        statement.execute("CREATE DATABASE " + database);
                    }
                    created.add(database);
                }
            }
        }
        return created;
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
