/**
 * {@code faasfed network verify}: the network is there and attachable, each platform's services or containers run and
 * are attached, and a short-lived probe container on the network resolves and calls each platform's health endpoint
 * and the faasfed gateway by DNS name; the answer is a table whose failing row names the hop.
 */
package io.faasfed.network.verify;
