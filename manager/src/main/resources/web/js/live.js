// Live events: the manager's /api/events stream (server-sent events), read with fetch so that the token travels in
// the Authorization header (not in the URL) and every event kind arrives, named or not. Reconnects after a drop and
// resumes after the last event id seen, so no event is missed or shown twice.

import { session } from './api.js';

const RETRY_MS = 2000;

export class LiveEvents {
  constructor(indicator) {
    this.indicator = indicator;
    this.listeners = new Set();
    this.lastId = 0;
    this.controller = null;
  }

  /** Calls `listener(event)` for every event ({id, at, kind, pool_id, server_id, job_id, message}). */
  subscribe(listener) {
    this.listeners.add(listener);
  }

  start() {
    this.stop();
    this.controller = new AbortController();
    this.run(this.controller.signal);
  }

  stop() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.show('off', '');
  }

  async run(signal) {
    while (!signal.aborted) {
      try {
        this.show('connecting', 'Connecting to live updates…');
        const response = await fetch(`/api/events?after=${this.lastId}`, {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` },
          signal,
        });
        if (response.status === 401) {
          window.dispatchEvent(new CustomEvent('o2pool:unauthorized', { detail: 'token expired' }));
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        this.show('live', 'Live');
        await this.read(response.body, signal);
      } catch (e) {
        if (signal.aborted) return;
        console.warn('live updates interrupted', e);
      }
      this.show('down', 'Live updates interrupted; reconnecting…');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  async read(body, signal) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replaceAll('\r\n', '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  /** One SSE block: "id:", "event:" and "data:" lines; comments (keep-alives) carry no data and are skipped. */
  dispatch(block) {
    const data = [];
    let id = null;
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') id = Number(value);
    }
    if (data.length === 0) return;
    const event = JSON.parse(data.join('\n'));
    if (id !== null && id <= this.lastId) return;
    this.lastId = id ?? event.id ?? this.lastId;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        console.error('event listener failed', e);
      }
    }
  }

  show(state, text) {
    if (!this.indicator) return;
    this.indicator.dataset.state = state;
    this.indicator.textContent = text;
  }
}

/** Runs `fn` once, `delayMs` after the last of a burst of calls (a job's steps arrive in quick succession). */
export function debounce(fn, delayMs) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, delayMs);
  };
}
