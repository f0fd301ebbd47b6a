/** Resources recently jumped to from search, newest first, kept in this browser only. */
const KEY = "trellis:recent-resources";
const KEEP = 8;

export function readRecentResources(): string[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

export function rememberRecentResource(id: string): void {
  try {
    const next = [id, ...readRecentResources().filter((known) => known !== id)].slice(0, KEEP);
    window.localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled (private mode): search works without its history.
  }
}
