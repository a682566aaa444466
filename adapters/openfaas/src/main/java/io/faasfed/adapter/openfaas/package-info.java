/**
 * The OpenFaaS adapter: {@link io.faasfed.adapter.openfaas.OpenFaasPlatform} drives an OpenFaaS gateway
 * (faas-swarm, faas-netes or faasd behind it) through the platform SPI, built by
 * {@link io.faasfed.adapter.openfaas.OpenFaasPlatformFactory} from
 * {@link io.faasfed.adapter.openfaas.OpenFaasPlatformProperties} and registered by
 * {@link io.faasfed.adapter.openfaas.OpenFaasAutoConfiguration}.
 */
package io.faasfed.adapter.openfaas;
