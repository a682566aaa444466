/**
 * An emulator of the Fn Project server API (apps, fns and triggers by opaque id, {@code /invoke} and {@code /t/}),
 * running each function as a local process under the watchdog contract.
 */
package io.faasfed.emulator.fn;
