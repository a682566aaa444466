/**
 * An emulator of the Apache OpenWhisk controller API (actions, packages, activations, web actions) that runs actions
 * as local processes: blackbox images through the sandbox catalog, {@code nodejs:*} and {@code python:3} code with the
 * machine's {@code node} and {@code python3} when they are installed.
 */
package io.faasfed.emulator.openwhisk;
