// A unified diff (diff -u) as a person reads it: each line kept as it is, added lines green, removed lines red, file
// names and hunk headers set apart.

import { el } from './dom.js';

export function diffView(text) {
  const lines = text.replace(/\n$/, '').split('\n');
  return el('pre', { class: 'diff-text' }, lines.map((line) => el('span', { class: lineClass(line) }, `${line}\n`)));
}

function lineClass(line) {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return 'diff-same';
}
