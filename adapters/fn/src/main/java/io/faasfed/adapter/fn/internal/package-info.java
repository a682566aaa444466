/**
 * The Fn adapter's internals: the glue around the client generated from our own OpenAPI document of the Fn
 * management API, and the mapping between faasfed's neutral records and Fn's apps, functions, triggers and errors.
 * Nothing here is API: it may change with any release.
 */
package io.faasfed.adapter.fn.internal;
