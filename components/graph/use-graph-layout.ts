"use client";

import { useEffect, useRef, useState } from "react";
import type { LayoutRequest, LayoutResponse } from "./model/layout-protocol";

export interface GraphLayoutState {
  layout: LayoutResponse | undefined;
  /** The current request is being laid out; `layout` answers an earlier one meanwhile. */
  pending: boolean;
  error: string | undefined;
}

interface Answer {
  layout: LayoutResponse | undefined;
  /** The request `layout` (or `error`) answers. */
  key: string | undefined;
  error: string | undefined;
}

let shared: Worker | undefined;
let nextId = 0;

/** One layout worker per tab, started as soon as this module loads so that it is ready when the map mounts. */
function layoutWorker(): Worker {
  shared ??= new Worker(new URL("./model/layout.worker.ts", import.meta.url), { type: "module" });
  return shared;
}

if (typeof window !== "undefined") layoutWorker();

/** Lays out graphs in a Web Worker (elkjs), so the main thread never runs the layout. */
export function useGraphLayout(request: Omit<LayoutRequest, "id"> | undefined): GraphLayoutState {
  const latestId = useRef(0);
  const keys = useRef(new Map<number, string>());
  const [answer, setAnswer] = useState<Answer>({ layout: undefined, key: undefined, error: undefined });

  useEffect(() => {
    const worker = layoutWorker();
    const onMessage = (event: MessageEvent<LayoutResponse>) => {
      const response = event.data;
      const key = keys.current.get(response.id);
      if (key === undefined) return;
      if (response.final) keys.current.delete(response.id);
      if (response.id !== latestId.current) return;
      performance.mark(response.final ? "trellis:layout-done" : "trellis:layout-provisional");
      setAnswer((previous) =>
        response.error
          ? { layout: previous.layout, key, error: response.error }
          : { layout: response, key, error: undefined },
      );
    };
    const onError = (event: ErrorEvent) => {
      setAnswer((previous) => ({ ...previous, error: event.message || "the layout worker failed" }));
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
    return () => {
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
    };
  }, []);

  const key = request ? JSON.stringify(request) : undefined;
  useEffect(() => {
    if (!key) return;
    nextId += 1;
    latestId.current = nextId;
    keys.current.set(nextId, key);
    performance.mark("trellis:layout-posted");
    layoutWorker().postMessage({ id: nextId, ...(JSON.parse(key) as Omit<LayoutRequest, "id">) });
  }, [key]);

  return { layout: answer.layout, pending: answer.key !== key && !answer.error, error: answer.error };
}
