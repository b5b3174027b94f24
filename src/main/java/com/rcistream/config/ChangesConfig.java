package com.rcistream.config;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import io.smallrye.config.WithDefault;

/** Change events ({@code rci.changes.*}): what marketing triggers on, one event when a tracked attribute moved. */
public interface ChangesConfig {
    /**
     * One event on rci.topic.changes per customer and sweep whose tracked attributes differ from what was last
     * published for it (with rci.emit=changes or all); false: no change events, no tracked values in the state.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The attributes compared; an array (segments) as a set, entered and left. Never a name, an email or anything
     * personal: their values are kept in the fingerprint topic and sent in the change events.
     */
    @WithDefault("grade,rfm,segments,email_marketing_consent,sms_marketing_consent,orders_count")
    @NotEmpty
    List<String> attributes();
}
