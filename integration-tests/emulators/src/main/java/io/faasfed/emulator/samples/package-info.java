/**
 * Sample function programs of the sandbox catalog that need more than a shell one-liner, run as their own processes
 * with the JDK's {@code java} launcher.
 */
package io.faasfed.emulator.samples;
