import type { Action, AddAction, MetaDataAction, ProtocolAction, RemoveAction, TxnAction } from './actions.js';

/**
 * A table snapshot: what replaying the log up to `version` gives (PROTOCOL.md "Action
 * Reconciliation"): the latest protocol and metaData, the live files, the tombstones, and the
 * latest `txn` per application.
 */
export interface TableState {
  /** The version replayed up to; -1 before any commit. */
  version: number;
  protocol: ProtocolAction | null;
  metaData: MetaDataAction | null;
  /** Live `add` actions by path. */
  files: Map<string, AddAction>;
  /** `remove` actions by path, kept for VACUUM until they expire; never returned as data. */
  tombstones: Map<string, RemoveAction>;
  txns: Map<string, TxnAction>;
}

export function emptyState(): TableState {
  return { version: -1, protocol: null, metaData: null, files: new Map(), tombstones: new Map(), txns: new Map() };
}

/**
 * Applies the actions of one commit (or of a checkpoint) to `state`, in place.
 *
 * Files are keyed by path alone: a logical file's key is (path, deletion vector id), and this module
 * only writes to tables without deletion vectors (`protocol-check.ts`). As Spark's log replay does,
 * file actions kept in the state get `dataChange: false`: the snapshot (and the checkpoint written
 * from it) describes what the table holds, not a change, and this makes the state read from a
 * checkpoint equal to the state read from the commits it replaces.
 */
export function applyActions(state: TableState, actions: readonly Action[]): void {
  for (const action of actions) {
    if ('add' in action) {
      const add = { ...action.add, dataChange: false };
      state.files.set(add.path, add);
      state.tombstones.delete(add.path);
    } else if ('remove' in action) {
      const remove = { ...action.remove, dataChange: false };
      state.files.delete(remove.path);
      state.tombstones.set(remove.path, remove);
    } else if ('metaData' in action) {
      state.metaData = action.metaData;
    } else if ('protocol' in action) {
      state.protocol = action.protocol;
    } else if ('txn' in action) {
      state.txns.set(action.txn.appId, action.txn);
    }
    // commitInfo is provenance, not state; unknown actions are ignored ("Protocol Evolution").
  }
}

/**
 * The reconciled actions of a snapshot, as a checkpoint holds them (PROTOCOL.md "Checkpoints"):
 * protocol, metaData, txns, live adds, and the tombstones removed after `tombstonesSince` (epoch
 * ms): "a remove action should remain in the state of the table as a tombstone until it has
 * expired", i.e. while VACUUM may still need it and older versions are still readable. Commit
 * provenance is not part of it.
 */
export function stateActions(state: TableState, tombstonesSince = -Infinity): Action[] {
  const actions: Action[] = [];
  if (state.protocol) actions.push({ protocol: state.protocol });
  if (state.metaData) actions.push({ metaData: state.metaData });
  for (const txn of state.txns.values()) actions.push({ txn });
  for (const add of state.files.values()) actions.push({ add });
  for (const remove of state.tombstones.values()) {
    if ((remove.deletionTimestamp ?? Infinity) > tombstonesSince) actions.push({ remove });
  }
  return actions;
}
