import { QueryClient } from "@tanstack/react-query";

/** The console's query defaults, for the browser's one client and each server render's own. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data prefetched by a server component is fresh; don't refetch it the moment the page hydrates.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: 1,
      },
    },
  });
}
