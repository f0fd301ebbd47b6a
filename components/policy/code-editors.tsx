"use client";

import dynamic from "next/dynamic";

function Loading() {
  return (
    <div className="flex h-80 items-center justify-center rounded border border-neutral-200 text-sm text-neutral-500">
      Loading editor…
    </div>
  );
}

/** CodeMirror touches the DOM as it loads, so the editors are loaded in the browser only. */
export const JsonEditor = dynamic(() => import("./json-editor").then((m) => m.JsonEditor), {
  ssr: false,
  loading: Loading,
});

export const PolicyMergeView = dynamic(() => import("./merge-view").then((m) => m.PolicyMergeView), {
  ssr: false,
  loading: Loading,
});
