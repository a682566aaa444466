/** The gateway's own small endpoints (health) and its error handling. */
package io.faasfed.gateway.web;
