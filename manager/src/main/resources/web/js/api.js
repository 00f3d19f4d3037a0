// The manager's REST API as the UI uses it: a bearer token kept for the browser tab, JSON in and out,
// and errors that carry the fields the API named (a 400 says which field is wrong and why).

const TOKEN_KEY = 'o2pool.token';
const USER_KEY = 'o2pool.user';
const ROLE_KEY = 'o2pool.role';

/** An API call that failed: HTTP status, the API's message and its per-field errors ({field, message}). */
export class ApiError extends Error {
  constructor(status, message, fields) {
    super(message);
    this.status = status;
    this.fields = fields || [];
  }
}

/** The logged-in user's token; kept in sessionStorage so a reload stays logged in but a new tab does not. */
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get user() { return sessionStorage.getItem(USER_KEY); },
  /** ADMIN, OPERATOR or VIEWER: what the UI offers (the API decides what is allowed). */
  get role() { return sessionStorage.getItem(ROLE_KEY); },
  save(token, user, role) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, user);
    sessionStorage.setItem(ROLE_KEY, role);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
    sessionStorage.removeItem(ROLE_KEY);
  },
};

/** Sends a request; resolves to the parsed JSON body (null when empty), rejects with an ApiError. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, `cannot reach the manager (${e.message})`, []);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const message = (json && json.error) || `${method} ${path} failed with HTTP ${response.status}`;
    const error = new ApiError(response.status, message, json && json.fields);
    if (response.status === 401 && path !== '/api/login') {
      window.dispatchEvent(new CustomEvent('o2pool:unauthorized', { detail: message }));
    }
    throw error;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);

/** Logs in and keeps the token. */
export async function login(user, password) {
  const reply = await post('/api/login', { user, password });
  session.save(reply.token, reply.user, reply.role);
  return reply;
}

/** Revokes the token on the manager (best effort: the session ends here either way). */
export async function logout() {
  try {
    if (session.token) await call('POST', '/api/logout');
  } catch {
    // an expired or revoked token is logged out already
  }
  session.clear();
}
