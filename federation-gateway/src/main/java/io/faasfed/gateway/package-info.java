/**
 * The federation gateway: one function namespace and one HTTP endpoint over every configured FaaS platform.
 */
package io.faasfed.gateway;
