import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  /** The browser's whole environment, when it must differ from the runner's. */
  env?: NodeJS.ProcessEnv;
  /** Where the binary came from, for the run's log line. */
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
}

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** Keeps Chromium from calling home on a closed network (Playwright adds --headless itself unless --headed). */
export const QUIET_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/**
 * Flags of @sparticuz/chromium (tuned for Lambda) that are wrong under Playwright: --single-process makes the
 * browser exit when the first context closes, the headless mode is Playwright's to choose, and the two
 * security switches would hide same-origin bugs the end-to-end tests are there to catch.
 */
const UNWANTED_SPARTICUZ_FLAGS = [
  "--single-process",
  "--headless",
  "--disable-web-security",
  "--allow-running-insecure-content",
];

function wanted(flag: string): boolean {
  return !UNWANTED_SPARTICUZ_FLAGS.some((unwanted) => flag === unwanted || flag.startsWith(`${unwanted}=`));
}

/** CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else the binary shipped inside @sparticuz/chromium. */
export async function resolveChromium(): Promise<ChromiumLaunch> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist`);
    return { executablePath: fromEnv, args: QUIET_FLAGS, source: "CHROMIUM_PATH" };
  }
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, args: QUIET_FLAGS, source: "system" };
  }
  const { default: sparticuz } = await import("@sparticuz/chromium");
  const executablePath = await sparticuz.executablePath();
  const args = [...new Set([...sparticuz.args.filter(wanted), ...QUIET_FLAGS])];
  // A machine without fontconfig would render every glyph blank; the package ships Open Sans for that case.
  if (existsSync("/etc/fonts/fonts.conf")) return { executablePath, args, source: "@sparticuz/chromium" };
  const env = { ...process.env, FONTCONFIG_PATH: path.join(tmpdir(), "fonts") };
  return { executablePath, args, env, source: "@sparticuz/chromium" };
}
