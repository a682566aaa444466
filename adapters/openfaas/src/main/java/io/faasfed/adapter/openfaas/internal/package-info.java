/**
 * What the OpenFaaS adapter keeps out of its public API: the glue to the management client generated from our own
 * OpenAPI document ({@code internal.client}), and the mapping between the neutral SPI records and OpenFaaS' JSON,
 * limit units and paths.
 */
package io.faasfed.adapter.openfaas.internal;
