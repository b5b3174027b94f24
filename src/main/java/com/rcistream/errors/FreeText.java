package com.rcistream.errors;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what may be a person's data in free text about to leave the process (a dead letter's reason, a health answer,
 * a log line), wherever it came from: an exception message of a rule, a converter or a parser. Three shapes, each
 * replaced by {@code ***}: an email address (plain or percent-encoded), the values of a URI's query (but the
 * JSON:API pagination parameters {@code page[...]}, which the bundle and the API exchange and which locate the page
 * that failed), and the value a conversion error quotes ({@code with value ... due to}, {@code For input string:
 * "..."}, {@code from String "..."}, {@code Text '...'}, {@code token '...'}, {@code value "..."}). The rest stays, so
 * that the text still says what went wrong. {@link PersonalData} masks a JSON body by its structure; this masks prose.
 */
public final class FreeText {

    static final String MASK = "***";
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /** A query: after a {@code ?} that ends a word (a URI's path), up to a space or a quote. */
    private static final Pattern QUERY = Pattern.compile("(?<=\\S)\\?([^\\s\"'<>]+)");

    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,;:)\\]]+$");
    private static final Pattern PAGINATION =
            Pattern.compile("page(?:\\[|%5B)[A-Za-z]+(?:]|%5D)", Pattern.CASE_INSENSITIVE);
    /** Camel's TypeConversionException: {@code ... with value <value> due to <cause>}. */
    private static final Pattern CONVERTED_VALUE = Pattern.compile("(with value )(.+?)(?= due to |$)", Pattern.DOTALL);
    /** A quoted value after the words that parsers and converters put before it. */
    private static final Pattern QUOTED_VALUE = Pattern.compile(
            "(?i)(for input string: |from string |string value |text |token |value )([\"'])(.*?)\\2", Pattern.DOTALL);

    private static final Pattern EMAIL_SHAPE = Pattern.compile("\\s*" + EMAIL.pattern() + "\\s*");

    private FreeText() {}

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replace(CONVERTED_VALUE, text, m -> m.group(1) + MASK);
        out = replace(QUOTED_VALUE, out, m -> m.group(1) + m.group(2) + MASK + m.group(2));
        out = replace(QUERY, out, m -> "?" + maskQuery(m.group(1)));
        return EMAIL.matcher(out).replaceAll(MASK);
    }

    /**
     * What a value looks like, never what it is: its length and the kinds of character in it (an email address said
     * as such), for a value that is refused and may be anything (someone's pasted column).
     */
    public static String shapeOf(String value) {
        if (value == null) {
            return "no value";
        }
        if (value.isBlank()) {
            return "a blank value of " + value.length() + " character(s)";
        }
        if (EMAIL_SHAPE.matcher(value).matches()) {
            return "a value of " + value.length() + " characters shaped like an email address";
        }
        StringBuilder kinds = new StringBuilder();
        kind(kinds, value.chars().anyMatch(Character::isLetter), "letters");
        kind(kinds, value.chars().anyMatch(Character::isDigit), "digits");
        kind(kinds, value.chars().anyMatch(Character::isWhitespace), "spaces");
        kind(
                kinds,
                value.chars().anyMatch(c -> !Character.isLetterOrDigit(c) && !Character.isWhitespace(c)),
                "other characters");
        return "a value of " + value.length() + " character(s): " + kinds;
    }

    private static void kind(StringBuilder kinds, boolean present, String name) {
        if (present) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(name);
        }
    }

    /** Each {@code name=value} of a query with its value masked, but a pagination parameter's; trailing prose kept. */
    private static String maskQuery(String query) {
        Matcher trailing = TRAILING_PUNCTUATION.matcher(query);
        String tail = trailing.find() ? trailing.group() : "";
        String pairs = query.substring(0, query.length() - tail.length());
        StringBuilder out = new StringBuilder();
        for (String pair : pairs.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                out.append(pair);
            } else {
                String name = pair.substring(0, eq);
                out.append(name).append('=').append(PAGINATION.matcher(name).matches() ? pair.substring(eq + 1) : MASK);
            }
        }
        return out.append(tail).toString();
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
