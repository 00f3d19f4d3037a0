/**
 * The manager ({@code o2pool manager}): the pool's control plane, like Oracle VM Manager. REST API and web
 * UI (Servers tab, Add Server, Test Connection), the store (embedded H2 by default, PostgreSQL for production) and the
 * job engine that runs Add Server and the other cluster changes as persisted, resumable steps that reach every node or
 * none. It talks to agents through their API only.
 */
package io.o2pool.manager;
