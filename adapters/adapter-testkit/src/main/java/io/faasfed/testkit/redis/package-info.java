/**
 * A JUnit 5 extension that gives tests a real Redis: the one on {@code localhost:6379} when it answers, otherwise an
 * embedded Redis started on a free loopback port for the test run.
 */
package io.faasfed.testkit.redis;
