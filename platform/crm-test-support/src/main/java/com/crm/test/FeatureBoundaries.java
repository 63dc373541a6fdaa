package com.crm.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The feature boundaries every service keeps, checked by one test per service ({@code FeatureBoundariesTest}): the
 * packages directly under the service's root are its features and depend on each other without cycles; SQL lives
 * in repositories (classes named {@code *Repository}), which own their statements and row mapping.
 */
public final class FeatureBoundaries {

    /** JDBC in any form: Spring's JDBC support, a DataSource, or java.sql statements and result sets. */
    private static final String SQL_TYPES = "org\\.springframework\\.jdbc\\..*|javax\\.sql\\.DataSource"
            + "|java\\.sql\\.(Connection|Statement|PreparedStatement|CallableStatement|ResultSet)";

    private FeatureBoundaries() {}

    /** Checks every rule over the production classes of {@code rootPackage} (e.g. {@code com.crm.customer}). */
    public static void verify(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        for (ArchRule rule : rules(rootPackage)) {
            rule.check(classes);
        }
    }

    static List<ArchRule> rules(String rootPackage) {
        ArchRule acyclic = slices().matching(rootPackage + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a feature that needs another's internals belongs with it, or they share a smaller piece");
        ArchRule sqlInRepositories = noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Repository")
                .and()
                .haveSimpleNameNotEndingWith("Configuration")
                .should()
                .dependOnClassesThat()
                .haveNameMatching(SQL_TYPES)
                .because("repositories own SQL and row mapping (configuration may wire a DataSource)");
        return List.of(acyclic, sqlInRepositories);
    }
}
