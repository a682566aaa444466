/**
 * What the three platform emulators share: their options, a small HTTP router over Reactor Netty, the process runner
 * that executes functions under the watchdog contract, the sandbox catalog that maps sample images to local commands,
 * and {@link io.faasfed.emulator.SandboxPlatforms}, which starts all three with sample functions.
 */
package io.faasfed.emulator;
