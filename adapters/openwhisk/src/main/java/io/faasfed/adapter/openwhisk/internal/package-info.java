/**
 * The OpenWhisk adapter's internals: the generated controller client and its glue, the mapping between the
 * neutral function model and OpenWhisk actions, the encoding of invocation bodies into action arguments, and the
 * reading of the controller's error answers. Nothing here is API; it may change with any release.
 */
package io.faasfed.adapter.openwhisk.internal;
