// The JSON API client: same-origin fetches, the optional access token
// (from the URL fragment once, then sessionStorage), JSON errors as ApiError,
// and a small cache for the model's artifacts, which never change while the
// page is open.

const TOKEN_KEY = 'churn-radar.token';
const artifactCache = new Map();

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** Takes `token=` out of the URL fragment (`#token=abc` or `#/page?token=abc`), keeps it for the tab. */
export function adoptTokenFromUrl() {
  const hash = window.location.hash;
  const match = hash.match(/[#?&]token=([^&]*)/);
  if (!match) return;
  let token = match[1];
  try {
    token = decodeURIComponent(token);
  } catch {
    // a malformed escape: keep the token as written
  }
  setToken(token);
  const cleaned = hash
    .replace(/([#?&])token=[^&]*&?/, '$1')
    .replace(/[?&]$/, '')
    .replace(/^#$/, '');
  const url = window.location.pathname + window.location.search + cleaned;
  window.history.replaceState(null, '', url || '/');
}

export function getToken() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function setToken(token) {
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the token then lasts until the page reloads.
  }
  artifactCache.clear();
}

function authHeaders() {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function errorFrom(response) {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // Not JSON (a proxy's page, say): keep the status line.
  }
  return new ApiError(message, response.status);
}

async function request(path) {
  let response;
  try {
    response = await fetch(path, { headers: authHeaders() });
  } catch (cause) {
    throw new ApiError(`The server cannot be reached (${cause.message}).`, 0);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** GET a JSON document; `path` is relative to the page (e.g. `api/metrics`). */
export async function getJson(path) {
  const response = await request(path);
  return response.json();
}

/** GET a model artifact once per page load (metrics, curves, SHAP summary…). */
export function getArtifact(path) {
  if (!artifactCache.has(path)) {
    const pending = getJson(path);
    pending.catch(() => artifactCache.delete(path));
    artifactCache.set(path, pending);
  }
  return artifactCache.get(path);
}

/** GET a file as a Blob (the CSV download when a token must be sent). */
export async function getBlob(path) {
  const response = await request(path);
  return response.blob();
}
