// How API values read for a person: enum names as the seed's labels, instants in local time.

export const SERVER_TYPES = [
  ['UTILITY', 'Utility Server'],
  ['VM_SERVER', 'Virtual Machine Server'],
];

export function serverType(type) {
  const found = SERVER_TYPES.find(([value]) => value === type);
  return found ? found[1] : type;
}

/** ADDING → Adding, ROLLING_BACK → Rolling back. */
export function status(value) {
  if (!value) return '';
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function jobKind(kind) {
  return {
    ADD_SERVER: 'Add Server',
    BATCH_ADD: 'Add Servers',
    REMOVE_SERVER: 'Remove Server',
    CHANGE_TIMEOUTS: 'Change Timeouts',
    RESYNC: 'Re-sync',
    MAINTENANCE_ENTER: 'Enter Maintenance',
    MAINTENANCE_EXIT: 'Exit Maintenance',
  }[kind] || kind;
}
