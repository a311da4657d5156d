import type { ConfirmImportBody, ImportPreview, ImportResult } from '@duban/core';
import { useMutation, useQuery } from '@tanstack/react-query';

import { ApiError, CSRF_HEADER, HTTP_ERROR_CODE, requestJson } from './client.ts';

export interface UploadFields {
  period?: string | undefined;
  sheet?: string | undefined;
}

/**
 * Uploads a ledger file for a preview. XMLHttpRequest rather than fetch: only it reports
 * upload progress, which a 20 MB workbook on a slow office line needs.
 */
export function uploadImport(
  file: File,
  fields: UploadFields,
  onProgress: (percent: number) => void,
): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (fields.period) form.append('period', fields.period);
    if (fields.sheet) form.append('sheet', fields.sheet);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader(CSRF_HEADER.name, CSRF_HEADER.value);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => {
      reject(new ApiError({ status: 0, code: 'network', message: '' }));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) {
        resolve(body as ImportPreview); // the server validates its answer against the contract
        return;
      }
      const error =
        typeof body === 'object' && body !== null && 'error' in body
          ? (body.error as { code?: string; message?: string; details?: unknown }) // ErrorBody
          : undefined;
      reject(
        new ApiError({
          status: xhr.status,
          code: error?.code ?? HTTP_ERROR_CODE,
          message: error?.message ?? '',
          details: error?.details,
        }),
      );
    };
    xhr.send(form);
  });
}

export function useImportPreviewQuery(id: number | undefined) {
  return useQuery({
    queryKey: ['import-preview', id ?? null] as const,
    queryFn: ({ signal }) => requestJson<ImportPreview>(`/api/imports/${String(id)}`, { signal }),
    enabled: id !== undefined,
    // A preview does not change under the person's eyes; refetching would undo nothing.
    staleTime: Infinity,
    retry: false,
  });
}

export function useConfirmImportMutation(id: number) {
  return useMutation({
    mutationFn: (body: ConfirmImportBody) =>
      requestJson<ImportResult>(`/api/imports/${String(id)}/confirm`, { method: 'POST', body }),
  });
}
