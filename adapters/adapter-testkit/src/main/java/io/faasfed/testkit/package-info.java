/**
 * Test support shared by every faasfed module: the adapter contract test ({@code contract}) and the Redis test
 * extension ({@code redis}). Depend on this module in test scope only.
 */
package io.faasfed.testkit;
