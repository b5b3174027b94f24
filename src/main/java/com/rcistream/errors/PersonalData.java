package com.rcistream.errors;

import java.util.Locale;
import java.util.Set;

/**
 * Masks a customer's personal data in a text about to be dead-lettered (the dead-letter topic is neither compacted
 * nor erased): every value inside an {@code attributes} member is masked, and so is any value whose key names
 * personal data, wherever it stands. Keys, ids, types, links and the document's structure stay, so the excerpt
 * still shows what was wrong. Written as a scanner over the text, not a JSON parser, because a dead-lettered body is
 * often not valid JSON (a truncated page).
 */
public final class PersonalData {

    static final String MASK = "\"***\"";
    private static final Set<String> PERSONAL_WORDS =
            Set.of("name", "email", "phone", "address", "birth", "city", "zip", "postal");

    private PersonalData() {}

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        int maskedFrom = -1;
        String key = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = endOfString(text, i);
                boolean isKey = nextNonSpace(text, end) == ':';
                if (isKey) {
                    out.append(text, i, end);
                    key = text.substring(i + 1, Math.max(i + 1, end - 1));
                } else {
                    out.append(maskedFrom >= 0 || personal(key) ? MASK : text.substring(i, end));
                    key = null;
                }
                i = end;
            } else if (c == '{' || c == '[') {
                depth++;
                // an array or object under attributes or a personal key: everything in it
                if (maskedFrom < 0 && personal(key)) {
                    maskedFrom = depth;
                }
                key = null;
                out.append(c);
                i++;
            } else if (c == '}' || c == ']') {
                if (maskedFrom == depth) {
                    maskedFrom = -1;
                }
                depth--;
                out.append(c);
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '-') {
                int end = i;
                while (end < text.length()
                        && (Character.isLetterOrDigit(text.charAt(end)) || "+-.".indexOf(text.charAt(end)) >= 0)) {
                    end++;
                }
                String literal = text.substring(i, end);
                out.append(!"null".equals(literal) && (maskedFrom >= 0 || personal(key)) ? MASK : literal);
                key = null;
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** A value under {@code attributes} (itself a scalar: a string holding the attributes) or under a personal key. */
    private static boolean personal(String key) {
        if (key == null) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return "attributes".equals(lower) || PERSONAL_WORDS.stream().anyMatch(lower::contains);
    }

    /** The index after the string literal that starts at {@code start} (the text's end when it is cut short). */
    private static int endOfString(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static char nextNonSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }
}
