/** JMH benchmarks of the gateway's hot paths, each with a baseline measured in the same run. */
package io.faasfed.bench;
