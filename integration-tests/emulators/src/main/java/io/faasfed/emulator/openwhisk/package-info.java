/**
 * An emulator of the Apache OpenWhisk controller API (actions, packages, activations, web actions) that takes the
 * kinds of the controller's runtimes manifest and runs actions as local processes the way the action proxy runs them
 * (an action loop: one init per container, one envelope line on stdin per activation, the result on fd 3): blackbox
 * images through the sandbox catalog, {@code nodejs:*} and {@code python:*} code with the machine's {@code node} and
 * {@code python3}. In container mode ({@link io.faasfed.emulator.EmulatorOptions#containers()}) blackbox actions run
 * as containers of their image instead, through {@link io.faasfed.emulator.openwhisk.ContainerActivations}.
 */
package io.faasfed.emulator.openwhisk;
