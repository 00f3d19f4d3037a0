/**
 * Test support shared by every module's tests: a fake clock that tests advance by hand, a runner for
 * real external programs (ocfs2-tools) with captured output, and paths to the shared reference material.
 * It depends on no other o2pool module so that every module can use it in test scope; multi-node
 * harnesses that need the cluster stack live beside the stack's tests and are built on these pieces.
 */
package io.o2pool.testkit;
