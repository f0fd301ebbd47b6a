"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { cx } from "./cx";

const LINKS = [
  { href: "/", label: "Map" },
  { href: "/crawls", label: "Crawls" },
  { href: "/history", label: "History" },
  { href: "/findings", label: "Findings" },
  { href: "/audit", label: "Audit" },
] as const;

/** The console's top bar; `?run=` travels along, so every screen keeps showing the same crawl. */
export function TopNav({ children }: { children?: ReactNode }) {
  const pathname = usePathname();
  const run = useSearchParams().get("run");
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
          const href = run && /^\d+$/.test(run) ? `${link.href}?run=${run}` : link.href;
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
      <span className="flex-1" />
      {children}
    </header>
  );
}
