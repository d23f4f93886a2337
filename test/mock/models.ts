// GET /v1/models and /v1/models/{id} in the API's list shape (Messages API reference, models list), for any emulated provider.
import type { MockModel, ProviderRule } from './providers';

export interface ModelJson extends MockModel {
  type: 'model';
}

/** What many gateways answer instead: bare ids in an OpenAI-style list, no pagination. */
export interface BareModelList {
  object: 'list';
  data: Array<{ id: string; object: 'model'; owned_by: string }>;
}

export interface ModelPage {
  data: ModelJson[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

export type ModelsResult = { ok: true; body: ModelPage | ModelJson | BareModelList } | { ok: false; status: 400 | 404; message: string };

function toJson(model: MockModel): ModelJson {
  return { type: 'model', ...model };
}

/** The gateway form: every id at once, and nothing else about them. */
export function listBareModels(rule: ProviderRule): ModelsResult {
  return { ok: true, body: { object: 'list', data: rule.models.map((m) => ({ id: m.id, object: 'model', owned_by: 'anthropic' })) } };
}

/**
 * `limit` 1..1000 (default 20), cut to `pageSize` where the server pages smaller; `after_id` pages
 * forward, `before_id` backward; unknown ids give an empty page.
 */
export function listModels(rule: ProviderRule, query: URLSearchParams, pageSize = 1000): ModelsResult {
  const all = rule.models;
  const rawLimit = query.get('limit');
  const asked = rawLimit === null ? 20 : Number(rawLimit);
  if (!Number.isInteger(asked) || asked < 1 || asked > 1000) {
    return { ok: false, status: 400, message: 'limit: Input should be an integer between 1 and 1000' };
  }
  const limit = Math.min(asked, pageSize);
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  let start: number;
  let end: number;
  if (afterId !== null) {
    const at = all.findIndex((m) => m.id === afterId);
    start = at < 0 ? all.length : at + 1;
    end = Math.min(all.length, start + limit);
  } else if (beforeId !== null) {
    end = Math.max(0, all.findIndex((m) => m.id === beforeId));
    start = Math.max(0, end - limit);
  } else {
    start = 0;
    end = Math.min(all.length, limit);
  }
  const data = all.slice(start, end).map(toJson);
  const hasMore = beforeId !== null && afterId === null ? start > 0 : end < all.length;
  return {
    ok: true,
    body: { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null },
  };
}

export function getModel(rule: ProviderRule, id: string): ModelsResult {
  const model = rule.models.find((m) => m.id === id);
  return model ? { ok: true, body: toJson(model) } : { ok: false, status: 404, message: `model: ${id}` };
}
