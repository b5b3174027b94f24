package com.rcistream.simulator;

/** Where a list page starts: its 0-based index among the pages, the offset of its first customer, and the cursor generation it was issued in. */
record PageCursor(int generation, int pageIndex, int offset) {

    /** The first page of the given generation. */
    static PageCursor first(int generation) {
        return new PageCursor(generation, 0, 0);
    }
}
