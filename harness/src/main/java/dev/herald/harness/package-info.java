/**
 * What the benchmark and the reliability suite share to drive Herald from outside, as an operator
 * and its customers would: Herald's packaged jar as its own process ({@link
 * dev.herald.harness.HeraldProcess}), a client of its public API ({@link
 * dev.herald.harness.HeraldClient}) and loopback webhook receivers ({@link
 * dev.herald.harness.Receiver}).
 */
package dev.herald.harness;
