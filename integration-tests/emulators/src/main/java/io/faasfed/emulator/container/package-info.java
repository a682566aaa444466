/**
 * Container mode: the emulators run each function as a container through the Engine API, on the network their
 * platform is configured with, and call it over that network — as faas-swarm, OpenWhisk's invoker and fnserver do.
 * {@link io.faasfed.emulator.container.FunctionContainers} owns the containers; {@link
 * io.faasfed.emulator.container.FunctionImages} builds busybox function images with faasfed's shell watchdog.
 */
package io.faasfed.emulator.container;
