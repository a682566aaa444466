/**
 * The configured platform instances: built once at start-up from {@code faasfed.platforms.<id>} through the adapters'
 * {@link io.faasfed.adapter.api.FaasPlatformFactory factories}, with their health kept up to date.
 */
package io.faasfed.gateway.platform;
