package com.rcistream.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A config mapping interface for unit tests, answering the named methods with the given values (anything else fails). */
public final class Proxies {

    private Proxies() {}

    @SuppressWarnings("unchecked")
    public static <T> T answering(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        });
    }
}
