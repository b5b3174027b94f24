package com.rcistream;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every {@code @QuarkusTest} (tagged {@code application}) as one suite, so that failsafe hands them to one test JVM at
 * once, where Quarkus builds the test application once and starts it once per test profile.
 */
@Suite
@SelectPackages("com.rcistream")
@IncludeClassNamePatterns(".*Test")
@IncludeTags("application")
public class ApplicationSuite {}
