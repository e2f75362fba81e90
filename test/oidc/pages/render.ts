/**
 * What both test pages show, by `data-testid`: the source's status and token, the Jazz config
 * token (`jwt-token`, pinned per principal by createJazzAuth), the provider key, how many distinct
 * tokens the source has had, and any error. The Chromium tests read these.
 */
import type { JazzAuthStore } from "@jazz-auth/core";

const FIELDS = ["status", "principal", "jwt-token", "provider-key", "token", "token-expires", "tokens", "errors"];

/** Renders `auth` into `root` on every change, with the given buttons; returns the stop function. */
export function renderAuth(root: HTMLElement, auth: JazzAuthStore, buttons: Record<string, () => void>): () => void {
  for (const [label, onClick] of Object.entries(buttons)) {
    const button = document.createElement("button");
    button.textContent = label;
    button.addEventListener("click", onClick);
    root.append(button);
  }
  const cells = new Map<string, HTMLElement>();
  for (const field of FIELDS) {
    const row = document.createElement("p");
    row.textContent = `${field}: `;
    const cell = document.createElement("code");
    cell.dataset.testid = field;
    row.append(cell);
    root.append(row);
    cells.set(field, cell);
  }
  const tokens = new Set<string>();
  const errors: string[] = [];
  const show = () => {
    const view = auth.getSnapshot();
    const source = auth.source.getSnapshot();
    if (source.token) tokens.add(source.token);
    if (view.error && errors.at(-1) !== view.error.code) errors.push(view.error.code);
    const values: Record<string, string> = {
      status: view.status,
      principal: view.principal ?? "",
      "jwt-token": view.jwtToken ?? "",
      "provider-key": view.providerKey,
      token: source.token ?? "",
      "token-expires": source.expiresAt ? new Date(source.expiresAt).toISOString() : "",
      tokens: String(tokens.size),
      errors: errors.join(" "),
    };
    for (const [field, value] of Object.entries(values)) {
      const cell = cells.get(field);
      if (cell && cell.textContent !== value) cell.textContent = value;
    }
  };
  show();
  // The store changes only with what Jazz's config sees; refreshed tokens show on the source.
  const stops = [auth.subscribe(show), auth.source.subscribe(show)];
  return () => {
    for (const stop of stops) stop();
  };
}
