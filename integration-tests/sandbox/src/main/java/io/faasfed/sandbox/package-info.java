/**
 * The sandbox: the federation gateway on its embedded default (in-memory store) in front of stateful emulators of
 * OpenFaaS, OpenWhisk and Fn that run functions as local processes, seeded with samples; no Docker, no Redis.
 */
package io.faasfed.sandbox;
