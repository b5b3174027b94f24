package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rcistream.simulator.SimulatorConfig;

/**
 * docs/configuration.md against the mappings: a key missing, extra, or with another type, default, range or meaning
 * fails here. {@code ./mvnw test -Dtest=ConfigurationReferenceTest -Dconfiguration.write} writes the page's tables anew.
 */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("docs/configuration.md");

    @Test
    void thePageShowsEverySettingAsTheMappingDeclaresIt() throws IOException {
        String page = Files.readString(PAGE);
        String generated = ConfigurationReference.markdown();
        if (System.getProperty("configuration.write") != null) {
            String current = ConfigurationReference.generatedPart(page).orElseThrow();
            Files.writeString(PAGE, page.replace(current, generated));
            page = Files.readString(PAGE);
        }

        assertEquals(
                generated,
                ConfigurationReference.generatedPart(page).orElse("(no generated part)"),
                "docs/configuration.md disagrees with the configuration mappings: run ./mvnw test"
                        + " -Dtest=ConfigurationReferenceTest -Dconfiguration.write and commit the page");
    }

    @Test
    void everySettingSaysWhatItMeans() throws IOException {
        List<ConfigurationReference.Setting> settings =
                ConfigurationReference.settings(RciConfig.class, "rci", Path.of("src/main/java/com/rcistream/config"));
        settings.addAll(ConfigurationReference.settings(
                SimulatorConfig.class,
                "rci.simulator",
                Path.of("src/main/java/com/rcistream/simulator/SimulatorConfig.java")));

        for (ConfigurationReference.Setting setting : settings) {
            assertTrue(!setting.meaning().isBlank(), setting.key() + " has no Javadoc on its mapping method");
        }
        assertTrue(settings.stream()
                .anyMatch(s -> s.key().equals("rci.api.base-url") && s.range().equals("an absolute http(s) URL")));
    }

    @Test
    void javadocIsReadPerInterfaceSoSameNamedMethodsKeepTheirOwn() throws IOException {
        var docs = ConfigurationReference.javadocs(
                Files.readAllLines(Path.of("src/main/java/com/rcistream/config/RciConfig.java")));

        assertEquals("Whether the timer starts sweeps by itself.", docs.get("Poll.enabled"));
        assertTrue(docs.get("Refresh.enabled").startsWith("Consume refresh requests"), docs.get("Refresh.enabled"));
    }

    @Test
    void environmentVariableIsTheKeyAsQuarkusMapsIt() {
        assertEquals("`RCI_API_BASE_URL`", ConfigurationReference.environment("rci.api.base-url"));
    }
}
