package com.rcistream.simulator;

import java.util.List;

/** Names a customer's automatic segments from the cells it falls in on the RF, FM and RM grids. */
final class SegmentNames {

    /** Rows: recency 5 down to 1; columns: frequency 1 to 5. */
    private static final String[][] RF = {
        {"New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"},
        {"Promising new", "Potential loyalist", "Potential loyalist", "Loyal", "Champions"},
        {"About to sleep", "About to sleep", "Needs attention", "Loyal", "Loyal"},
        {"Hibernating", "Hibernating", "At risk", "At risk", "Can't lose"},
        {"Lost", "Lost", "At risk", "Can't lose", "Can't lose"},
    };

    private SegmentNames() {}

    /** One segment per grid: the RF cell, the FM cell and the RM cell (the last marked "(RM)"). */
    static List<String> of(RfmScores scores) {
        return List.of(rf(scores), fm(scores), rm(scores));
    }

    private static String rf(RfmScores s) {
        return RF[5 - s.recency()][s.frequency() - 1];
    }

    private static String fm(RfmScores s) {
        String spender = spender(s.monetary());
        if (s.frequency() >= 4) {
            return s.monetary() >= 3 ? "Loyal " + spender : "Frequent " + spender;
        }
        return capitalised(spender);
    }

    private static String rm(RfmScores s) {
        String when = s.recency() >= 4 ? "Recent" : s.recency() == 3 ? "Fading" : "Lapsed";
        return when + " " + spender(s.monetary()) + " (RM)";
    }

    private static String spender(int monetary) {
        if (monetary >= 4) {
            return "big spender";
        }
        if (monetary == 3) {
            return "average spender";
        }
        return "low spender";
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
