/**
 * The OpenFaaS-compatible management API ({@code /system/*}) with the OpenFaaS gateway's JSON shapes and status codes,
 * so that faas-cli and the OpenFaaS Terraform provider work against the federation unchanged.
 */
package io.faasfed.gateway.compat;
