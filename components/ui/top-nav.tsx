"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { cx } from "./cx";

/** `runAware`: the screen shows the estate at one crawl, so `?run=` travels to it. */
const LINKS = [
  { href: "/", label: "Map", runAware: true },
  { href: "/crawls", label: "Crawls", runAware: false },
  { href: "/history", label: "History", runAware: true },
  { href: "/findings", label: "Findings", runAware: true },
  { href: "/audit", label: "Audit", runAware: false },
] as const;

const RUN = /^[1-9]\d{0,15}$/;

/**
 * The console's top bar. Time travel (`?run=`) is carried to the screens that show the estate at a crawl (map,
 * findings, history), each of which says so, and shown here with a way back to the latest; the crawl list and
 * the audit log are not about one crawl and open as they are.
 */
export function TopNav({ children }: { children?: ReactNode }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const param = searchParams.get("run");
  const current = LINKS.find((l) => (l.href === "/" ? pathname === "/" : pathname.startsWith(l.href)));
  const run = param && RUN.test(param) && current?.runAware ? param : undefined;
  const latest = new URLSearchParams(searchParams.toString());
  latest.delete("run");
  return (
    <header className="flex h-11 shrink-0 items-center gap-6 border-b border-neutral-200 bg-white px-4">
      <Link
        href="/"
        className="flex items-center gap-2 text-[15px] font-semibold tracking-tight text-neutral-900"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" className="h-5 w-5 text-violet-600">
          <path
            d="M4 20V4M12 20V4M20 20V4M4 8h16M4 16h16"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinecap="round"
          />
        </svg>
        Trellis
      </Link>
      <nav aria-label="Main" className="flex items-center gap-1">
        {LINKS.map((link) => {
          const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
          const href = run && link.runAware ? `${link.href}?run=${run}` : link.href;
          return (
            <Link
              key={link.href}
              href={href}
              aria-current={active ? "page" : undefined}
              className={cx(
                "rounded-md px-2.5 py-1 text-sm font-medium",
                active
                  ? "bg-neutral-900 text-white"
                  : "text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900",
              )}
            >
              {link.label}
            </Link>
          );
        })}
      </nav>
      {run && (
        <span
          data-testid="nav-run"
          className="flex items-center gap-1.5 rounded-md bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950"
          title="Map, History and Findings show the estate as this crawl saw it"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" className="h-3.5 w-3.5">
            <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          </svg>
          As of crawl #{run}
          <Link
            href={latest.size > 0 ? `${pathname}?${latest.toString()}` : pathname}
            className="ml-1 font-semibold underline"
          >
            Back to latest
          </Link>
        </span>
      )}
      <span className="flex-1" />
      {children}
    </header>
  );
}
