// Where the dashboard sends its requests: a Logto base URL (or a same-origin proxy path) and an
// optional Management API token. Defaults to the same-origin proxy `/logto` with no token, which
// is what the local demo server provides. `?baseUrl=…&token=…` in the address overrides the saved
// settings (and is saved, then removed from the address bar so the token does not linger there).

export interface Settings {
  baseUrl: string;
  token: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { baseUrl: "/logto", token: "" };

const STORAGE_KEY = "logto-invitations-dashboard.settings";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readStored(): Settings {
  let text: string | null = null;
  try {
    text = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy settings): fall back to the defaults.
  }
  if (text === null) return { ...DEFAULT_SETTINGS };
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed) && typeof parsed.baseUrl === "string" && parsed.baseUrl.trim() !== "") {
      return { baseUrl: parsed.baseUrl, token: typeof parsed.token === "string" ? parsed.token : "" };
    }
  } catch {
    // A damaged entry: ignore it.
  }
  return { ...DEFAULT_SETTINGS };
}

export function saveSettings(settings: Settings): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Not persisted; the settings still apply to this page view.
  }
}

/** The settings to use now: the query string's, else the saved ones, else the defaults. */
export function loadSettings(): Settings {
  const url = new URL(location.href);
  const baseUrl = url.searchParams.get("baseUrl");
  const token = url.searchParams.get("token");
  const stored = readStored();
  if (baseUrl === null && token === null) return stored;

  const settings: Settings = {
    baseUrl: baseUrl !== null && baseUrl.trim() !== "" ? baseUrl.trim() : stored.baseUrl,
    token: token !== null ? token.trim() : baseUrl !== null ? "" : stored.token,
  };
  saveSettings(settings);
  url.searchParams.delete("baseUrl");
  url.searchParams.delete("token");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  return settings;
}

export function describeConnection(baseUrl: string, token: string): string {
  const proxied = baseUrl.startsWith("/");
  if (token === "") return proxied ? "same-origin proxy, no token in the page" : "no token";
  return `token …${token.slice(-4)}`;
}
