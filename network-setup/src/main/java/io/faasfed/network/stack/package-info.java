/**
 * Swarm stack files in the Compose format, loaded as {@code docker stack deploy -c a.yml -c b.yml} reads them:
 * variables interpolated from a given environment, each file checked against the Compose specification's JSON
 * schema, the files merged in order, and the result exposed as immutable records ({@link
 * io.faasfed.network.stack.StackDefinition}) that the CLI plans and deploys from. No Docker engine is needed.
 */
package io.faasfed.network.stack;
