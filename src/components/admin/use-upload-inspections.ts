"use client";

// Inspection starts on the server after an upload's last byte and usually takes well under a
// second (a few for a big desktop file's feed digests); the page asks every second for a minute,
// then stops and the form says it could not read the files (publishing inspects them anyway).
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { UploadInspectionView } from "@/domain/upload-inspection";
import { useTRPC } from "@/trpc/react";

const POLL_MS = 1000;
const MAX_POLLS = 60;

export interface UploadInspections {
  /** By upload id; an upload missing here has not been asked about yet. */
  byUpload: ReadonlyMap<string, UploadInspectionView>;
  /** True once polling stopped with some file still unread (or the server did not answer). */
  gaveUp: boolean;
}

export function useUploadInspections(uploadIds: readonly string[]): UploadInspections {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = [...uploadIds].sort();
  const options = trpc.uploads.inspections.queryOptions(
    { ids },
    {
      enabled: ids.length > 0,
      retry: false,
      refetchOnWindowFocus: false,
      // A new file changes the key: keep showing what is known about the others meanwhile.
      placeholderData: keepPreviousData,
      refetchInterval: (q) => (q.state.data?.every((v) => v.inspected) || q.state.dataUpdateCount >= MAX_POLLS ? false : POLL_MS),
    },
  );
  const query = useQuery(options);
  if (ids.length === 0) return { byUpload: new Map(), gaveUp: false };
  const views = query.data ?? [];
  const unread = ids.some((id) => !views.find((v) => v.id === id)?.inspected);
  const polls = queryClient.getQueryState(options.queryKey)?.dataUpdateCount ?? 0;
  return { byUpload: new Map(views.map((v) => [v.id, v])), gaveUp: query.isError || (unread && polls >= MAX_POLLS) };
}
