package com.rcistream.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A list page as the API served it: its records, still unchecked one by one, and its next link (null on the last page). */
public record CustomerPage(List<JsonNode> records, String next) {}
