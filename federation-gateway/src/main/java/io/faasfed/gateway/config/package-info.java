/** The gateway's configuration: everything lives under the {@code faasfed.*} prefix, bound and validated once. */
package io.faasfed.gateway.config;
