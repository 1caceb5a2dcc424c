/**
 * The API client: JSON over fetch with the session cookie, the CSRF header and bilingual errors.
 *   const plans = await api.get<PlanSummary[]>('/api/plans?status=issued');
 *   const { data, loading, error, reload } = useApi<Plan>(`/api/plans/${id}`);
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiErrorBody {
  code: string;
  message: string;
  messageEn: string;
  path?: (string | number)[];
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly path?: (string | number)[],
    readonly details?: unknown,
  ) {
    super(messageVi);
    this.name = 'ApiError';
  }

  /** the message in a language */
  text(lang: 'vi' | 'en'): string {
    return lang === 'en' ? this.messageEn : this.messageVi;
  }
}

export const CSRF_COOKIE = 'vitreem_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers.set('content-type', 'application/json');
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers.set(CSRF_HEADER, csrf);
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ. Kiểm tra kết nối mạng và thử lại.', 'Cannot reach the server. Check the connection and try again.');
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text, withoutDataNotes);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const err = (json as { error?: Partial<ApiErrorBody> } | undefined)?.error;
    if (err && typeof err.code === 'string') {
      throw new ApiError(response.status, err.code, err.message ?? err.messageEn ?? '', err.messageEn ?? err.message ?? '', err.path, err.details);
    }
    throw new ApiError(response.status, `http_${response.status}`, `Máy chủ trả lỗi ${response.status}.`, `The server answered ${response.status}.`);
  }
  return json as T;
}

/**
 * Data-quality notes carried inside names ("Hoằng Kim (mới, cần xác minh)", "… (cần đối chiếu)") are for the people who
 * maintain the data, not for the officials reading a screen: they are dropped from every answer ("(mới)" stays).
 */
export function withoutDataNotes(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.includes('cần ')) return value;
  return value.replace(/\s*\(\s*(mới)?\s*,?\s*cần (xác minh|đối chiếu)\s*\)/g, (_m, isNew: string | undefined) => (isNew ? ' (mới)' : ''));
}

export const api = {
  get: <T>(path: string, init?: RequestInit) => request<T>('GET', path, undefined, init),
  post: <T>(path: string, body?: unknown, init?: RequestInit) => request<T>('POST', path, body ?? {}, init),
  put: <T>(path: string, body?: unknown, init?: RequestInit) => request<T>('PUT', path, body ?? {}, init),
  patch: <T>(path: string, body?: unknown, init?: RequestInit) => request<T>('PATCH', path, body ?? {}, init),
  delete: <T>(path: string, body?: unknown, init?: RequestInit) => request<T>('DELETE', path, body, init),
  /** multipart upload (FormData): the browser sets the boundary */
  upload: <T>(path: string, form: FormData, init?: RequestInit) => request<T>('POST', path, form, init),
};

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** replace the data locally (after a save) */
  setData: (data: T) => void;
}

/** GETs `path` (null = wait) and re-fetches when it changes; stale answers are dropped. */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const [tick, setTick] = useState(0);
  const lastPath = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    if (lastPath.current !== path) setData(undefined);
    lastPath.current = path;
    setLoading(true);
    setError(null);
    api
      .get<T>(path, { signal: controller.signal })
      .then((result) => {
        if (!controller.signal.aborted) {
          setData(result);
          setLoading(false);
        }
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** Builds a query string from defined, non-empty values: qs({a:1,b:''}) → "?a=1". */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
