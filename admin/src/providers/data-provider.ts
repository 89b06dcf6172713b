import type { BaseRecord, CrudFilter, CrudSort, DataProvider, HttpError, Pagination } from '@refinedev/core';
import { API_BASE, ApiError, apiRequest } from '../api/http.ts';

/** Refine's simple-rest shape (docs/api.md): `_start/_end/_sort/_order/q`, total in `x-total-count`. */
function listQuery(pagination?: Pagination, sorters?: CrudSort[], filters?: CrudFilter[]): string {
  const params = new URLSearchParams();
  if (pagination?.mode !== 'off') {
    const current = pagination?.currentPage ?? 1;
    const size = pagination?.pageSize ?? 20;
    params.set('_start', String((current - 1) * size));
    params.set('_end', String(current * size));
  }
  const sorter = sorters?.[0];
  if (sorter) {
    params.set('_sort', sorter.field);
    params.set('_order', sorter.order);
  }
  for (const filter of filters ?? []) {
    if (!('field' in filter) || filter.value === undefined || filter.value === null || filter.value === '') continue;
    params.set(filter.field, String(filter.value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A problem+json error as Refine expects it: the `field` becomes that form item's error. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof ApiError) {
    const field = error.field?.replace(/^\/?(body\.)?/, '').split(/[./]/)[0];
    return { message: error.message, statusCode: error.status, ...(field ? { errors: { [field]: [error.message] } } : {}) };
  }
  return { message: (error as Error).message, statusCode: 0 };
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
  try {
    return await apiRequest<T>(method, path, body);
  } catch (error) {
    throw toHttpError(error);
  }
}

export const dataProvider: DataProvider = {
  getApiUrl: () => API_BASE,
  getList: async ({ resource, pagination, sorters, filters }) => {
    const { data, headers } = await call<BaseRecord[]>('GET', `/${resource}${listQuery(pagination, sorters, filters)}`);
    return { data: data as never, total: Number(headers.get('x-total-count') ?? data.length) };
  },
  getOne: async ({ resource, id }) => ({ data: (await call<BaseRecord>('GET', `/${resource}/${id}`)).data as never }),
  create: async ({ resource, variables }) => ({ data: (await call<BaseRecord>('POST', `/${resource}`, variables)).data as never }),
  update: async ({ resource, id, variables }) => ({ data: (await call<BaseRecord>('PATCH', `/${resource}/${id}`, variables)).data as never }),
  deleteOne: async ({ resource, id }) => ({ data: (await call<BaseRecord>('DELETE', `/${resource}/${id}`)).data as never }),
  custom: async ({ url, method, payload, filters, sorters }) => {
    const path = `${url}${listQuery({ mode: 'off' }, sorters, filters)}`;
    return { data: (await call<BaseRecord>(method.toUpperCase(), path, payload)).data as never };
  },
};
