/**
 * Images built on a Docker engine with no registry, through the Engine API alone: a Java runtime base imported from
 * a root filesystem made of the running JDK ({@code jlink}) and the shared libraries it needs, and images built from a
 * Dockerfile and a context sent as a tar stream, with the build's progress reported line by line.
 */
package io.faasfed.network.image;
