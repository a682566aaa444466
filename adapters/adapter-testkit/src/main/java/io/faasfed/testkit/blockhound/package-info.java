/** BlockHound's configuration for faasfed's tests: the few library calls allowed to wait on a Reactor thread. */
package io.faasfed.testkit.blockhound;
