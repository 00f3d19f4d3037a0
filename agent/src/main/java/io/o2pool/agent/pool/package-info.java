/**
 * The agent's side of pool membership that must hold without the manager: the <b>pool record</b> each member writes
 * into the shared repository when it commits a generation ({@link PoolRecord}, {@link PoolRecords}), the pure rule
 * that decides whether this node's stack may start on its live configuration ({@link Admission}), the stack decorator
 * that applies the rule and remembers whether the manager wants the stack running ({@link AdmittedStack}), and the
 * journal of every start, change and stop of the stack ({@link StackJournal}).
 *
 * <p>Authority: the shared repository. Every member that commits generation N while it has the repository attached
 * writes {@code .o2pool/cluster/<cluster>/pool-record.json} (never replacing a newer one); a node coming back after it
 * missed generations (dead, stopped, in maintenance) or after it was removed by force reads the record before its
 * stack starts and holds the stack until the manager has brought it to the pool's generation.
 */
package io.o2pool.agent.pool;
