/**
 * The OpenAPI document as integrators read it: every operation has an `operationId`, its security
 * requirement (session cookie or API token; none for public ones), its access policy (`x-policy`:
 * the action and resource type of the policy table, src/domain/policy.ts) and the bilingual error
 * responses it can return. The route × role matrix test reads `x-policy` from this document.
 */
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { AccessRule } from './access.ts';

type TransformArg = Parameters<typeof jsonSchemaTransform>[0];

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageEn'],
      properties: {
        code: { type: 'string', description: 'stable error code' },
        message: { type: 'string', description: 'Vietnamese message (the default language)' },
        messageEn: { type: 'string', description: 'English message' },
        path: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, description: 'the offending field' },
        details: { description: 'per-field issues or conflicts' },
      },
    },
  },
} as const;

const ERRORS: Record<string, string> = {
  '400': 'Dữ liệu không hợp lệ / Invalid input',
  '401': 'Cần đăng nhập / Not signed in',
  '403': 'Không có quyền / Not allowed by the access policy',
  '404': 'Không tìm thấy / Not found',
  '409': 'Xung đột (phiên bản, trạng thái) / Conflict (version, state)',
  '413': 'Dữ liệu quá lớn / Input too large',
  '429': 'Quá nhiều lần thử / Too many attempts',
  '500': 'Lỗi máy chủ (mã yêu cầu trong phản hồi) / Server error (request id in the answer)',
};

/** OpenAPI 3.0 wants `type` beside `nullable`: an untyped nullable (a union) becomes anyOf with a nullable branch. */
function withoutUntypedNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUntypedNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = withoutUntypedNullable(v);
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'object', nullable: true }];
  }
  return out;
}

/** getUsersByIdSessions for GET /api/users/:id/sessions — unique per method and path. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const tail = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return `${method.toLowerCase()}${tail || 'Root'}`;
}

export function policyOf(access: AccessRule | undefined): Record<string, unknown> {
  if (access === 'public' || access === 'authenticated') return { access };
  if (!access) return { access: 'undeclared' };
  return { action: access.action, resource: access.resource, agencyBound: Boolean(access.agency) };
}

export function openApiTransform(arg: TransformArg): ReturnType<typeof jsonSchemaTransform> {
  const out = jsonSchemaTransform(arg);
  const route = (arg as { route?: { method: string | string[]; config?: { access?: AccessRule } } }).route;
  const access = route?.config?.access;
  const method = Array.isArray(route?.method) ? route.method[0] : (route?.method ?? 'GET');
  const schema = withoutUntypedNullable({ ...(out.schema as Record<string, unknown>) }) as Record<string, unknown>;
  schema.operationId ??= operationIdOf(String(method), arg.url);
  schema.security = access === 'public' ? [] : [{ session: [] }, { token: [] }];
  schema['x-policy'] = policyOf(access);
  const responses = { ...((schema.response as Record<string, unknown>) ?? {}) };
  if (!Object.keys(responses).some((code) => code.startsWith('2'))) responses['200'] = { description: 'OK', type: 'object', additionalProperties: true };
  const codes = access === 'public' ? ['400', '429', '500'] : ['400', '401', '403', '404', '409', '413', '500'];
  for (const code of codes) responses[code] ??= { description: ERRORS[code], ...ERROR_SCHEMA };
  schema.response = responses;
  return { schema: schema as typeof out.schema, url: out.url };
}
