/**
 * An emulator of the OpenFaaS gateway API (the Swarm-era provider's 202s, plain-text errors and Basic auth on
 * {@code /system/*}), running each function as a local process under the classic watchdog's contract.
 */
package io.faasfed.emulator.openfaas;
