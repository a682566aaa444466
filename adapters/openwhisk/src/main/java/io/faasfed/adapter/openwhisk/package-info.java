/**
 * The Apache OpenWhisk adapter: {@link io.faasfed.adapter.openwhisk.OpenWhiskPlatform} makes an OpenWhisk controller
 * a {@link io.faasfed.adapter.api.FaasPlatform} (actions as functions, web actions as plain HTTP forwards,
 * activations as asynchronous calls), configured per instance by
 * {@link io.faasfed.adapter.openwhisk.OpenWhiskPlatformProperties} and created by
 * {@link io.faasfed.adapter.openwhisk.OpenWhiskPlatformFactory}.
 */
package io.faasfed.adapter.openwhisk;
