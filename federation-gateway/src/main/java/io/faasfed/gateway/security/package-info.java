/**
 * The one door: who may call which route (Spring Security on the normalised path, deny by default), API keys with
 * roles, tenants, and the caller every other package asks about.
 */
package io.faasfed.gateway.security;
