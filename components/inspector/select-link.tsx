"use client";

import { usePathname, useSearchParams } from "next/navigation";
import type { MouseEvent, ReactNode } from "react";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

/** The current URL with `?selected=` set to another resource: moves the inspector without leaving the screen. */
function useSelectHref(): (id: string) => string {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return (id) => {
    const params = new URLSearchParams(searchParams.toString());
    params.set("selected", id);
    return `${pathname}?${params.toString()}`;
  };
}

/**
 * A link to another resource in the inspector. A plain click goes through the History API, as the map's own
 * selection does, so the screen does not render again on the server; other clicks (new tab …) follow the href.
 */
export function SelectLink({
  id,
  children,
  className = "",
}: {
  id: string;
  children: ReactNode;
  className?: string;
}) {
  const href = useSelectHref()(id);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    window.history.pushState(null, "", href);
  };
  return (
    <a
      href={href}
      onClick={onClick}
      title={revealInvisible(id)}
      data-testid="select-link"
      data-id={id}
      className={`text-sky-800 underline decoration-sky-300 underline-offset-2 hover:decoration-sky-700 ${className}`}
    >
      {typeof children === "string" ? <RevealedText text={children} /> : children}
    </a>
  );
}
