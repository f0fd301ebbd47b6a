"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Point } from "@/components/graph/model/layout-protocol";
import { clearLayout, saveLayout } from "@/lib/client/api";
import { layoutQuery } from "@/lib/client/query-options";
import type { LayoutResponse, NodePositionInput } from "@/lib/domain/topology/node-layout";

/** Positions users dragged nodes to, kept on the server; saving updates the map at once. */
export function useSavedLayout(key: string) {
  const queryClient = useQueryClient();
  const options = layoutQuery(key);
  const { data } = useQuery(options);
  const positions = useMemo(
    () => new Map<string, Point>((data?.positions ?? []).map((p) => [p.nodeId, { x: p.x, y: p.y }])),
    [data],
  );

  const save = useMutation({
    mutationFn: (moved: NodePositionInput[]) => saveLayout(key, moved),
    onMutate: (moved) => {
      const now = new Date().toISOString();
      queryClient.setQueryData<LayoutResponse>(options.queryKey, (previous) => {
        const byId = new Map((previous?.positions ?? []).map((p) => [p.nodeId, p]));
        for (const p of moved) byId.set(p.nodeId, { ...p, updatedAt: now });
        return { key, positions: [...byId.values()] };
      });
    },
  });
  const reset = useMutation({
    mutationFn: () => clearLayout(key),
    onMutate: () => queryClient.setQueryData<LayoutResponse>(options.queryKey, { key, positions: [] }),
  });

  return {
    positions,
    save: save.mutate,
    reset: reset.mutate,
    error: save.error ?? reset.error,
  };
}
