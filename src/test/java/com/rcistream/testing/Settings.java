package com.rcistream.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;

import com.rcistream.config.RciConfig;

/** The bundle's settings read as Quarkus reads them (its converters, the mapping's constraints), without Quarkus. */
public final class Settings {

    /** The smallest configuration that starts: a token, everything else built in. */
    public static final Map<String, String> MINIMAL = Map.of("rci.api.token", "sim-token");

    private Settings() {}

    /** The configuration of the minimal one with these keys set as well; a broken constraint throws. */
    public static SmallRyeConfig with(String... keysAndValues) {
        Map<String, String> values = new HashMap<>(MINIMAL);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                values.remove(keysAndValues[i]);
            } else {
                values.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(RciConfig.class)
                .withValidator(new BeanValidationConfigValidatorImpl())
                .build();
    }

    public static RciConfig rci(SmallRyeConfig config) {
        return config.getConfigMapping(RciConfig.class);
    }
}
