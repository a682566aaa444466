/**
 * The behaviour every {@link io.faasfed.adapter.api.FaasPlatform} must share, as one abstract test class that each
 * adapter subclasses with stubs of its own platform's API.
 */
package io.faasfed.testkit.contract;
