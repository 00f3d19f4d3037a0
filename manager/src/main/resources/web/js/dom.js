// A tiny element builder, so views build DOM nodes instead of concatenating HTML (no injection from API data).

/**
 * Creates an element: el('td', {class: 'status', dataset: {node: 1}}, 'text', childNode).
 * Attributes whose value is null, undefined or false are left out; `true` sets an empty attribute.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A <dl> from [term, description] pairs; descriptions may be nodes. */
export function definitions(pairs, attrs) {
  return el('dl', attrs, pairs.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value ?? '—')]));
}
