// Calls to the gateway's REST API from the pages: JSON in and out, the session's CSRF token on every call that
// changes something, and errors turned into an Error whose message is the server's own words (and its hint).
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

export class ApiError extends Error {
  constructor(status, message, hint) {
    super(message);
    this.status = status;
    this.hint = hint;
  }
}

export async function api(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.href = '/login?back=' + encodeURIComponent(location.pathname + location.search);
    throw new ApiError(401, 'login needed');
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    const message = data?.error || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message, data?.hint);
  }
  return data;
}

export const get = (url) => api('GET', url);
export const post = (url, body) => api('POST', url, body ?? {});
export const put = (url, body) => api('PUT', url, body ?? {});
export const del = (url, body) => api('DELETE', url, body);

/** Shows err in the element (role=alert), with the server's hint when there is one. */
export function showError(element, err) {
  element.hidden = false;
  element.setAttribute('role', 'alert');
  element.textContent = err.hint ? `${err.message} — ${err.hint}` : err.message;
}
