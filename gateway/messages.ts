import { messages } from '../subgraphs/kit/messages.js';

/**
 * The gateway's own refusals: credentials (read by a portal developer or a member unit's clerk), the HTTP
 * exchange before GraphQL, the portal's budget, introspection, and a data service that did not answer.
 */
export const GATEWAY_MESSAGES = messages({
  GATEWAY_TWO_CREDENTIALS: () => ({
    zh: '请只提供一种凭据：x-api-key 或 Authorization，不能同时提供',
    en: 'send one credential: either x-api-key or Authorization, not both',
  }),
  GATEWAY_API_KEY_UNKNOWN: () => ({
    zh: 'API 密钥无效：请核对 x-api-key 的值，或向市信用办申领密钥',
    en: 'unknown API key',
  }),
  GATEWAY_API_KEY_REVOKED: (p: { id: string }) => ({
    zh: `API 密钥 ${p.id} 已被吊销，请向市信用办申领新的密钥`,
    en: `API key ${p.id} has been revoked`,
  }),
  GATEWAY_AUTHORIZATION_NOT_BEARER: () => ({
    zh: 'Authorization 请求头的格式应为“Bearer <令牌>”',
    en: 'Authorization must be "Bearer <token>"',
  }),
  GATEWAY_TOKEN_REJECTED: (p: { cause: string }) => ({
    zh: p.cause === 'ERR_JWT_EXPIRED' ? `访问令牌已过期，请重新登录（${p.cause}）` : `访问令牌未通过验证（${p.cause}）`,
    en: `bearer token rejected: ${p.cause}`,
  }),
  GATEWAY_TOKEN_TOO_LONG_LIVED: (p: { hours: number }) => ({
    zh: `访问令牌的有效期超过允许的 ${p.hours} 小时`,
    en: `bearer token lives longer than the allowed ${p.hours} hours`,
  }),
  GATEWAY_TOKEN_NO_ROLE: () => ({
    zh: '访问令牌没有有效的“role”（角色）声明',
    en: 'bearer token has no valid "role" claim',
  }),
  GATEWAY_TOKEN_UNIT_INVALID: () => ({
    zh: '访问令牌的“unit”声明须为单位标识',
    en: 'bearer token: "unit" must be a unit id',
  }),
  GATEWAY_SUBJECT_TOKEN_NO_SUB: () => ({
    zh: '信用主体的访问令牌须有“sub”声明（主体标识）',
    en: 'a SUBJECT token needs "sub": the subject id',
  }),
  GATEWAY_SUBJECT_TOKEN_WITH_UNIT: () => ({
    zh: '信用主体的访问令牌不能带有“unit”声明',
    en: 'a SUBJECT token may not carry a "unit" claim',
  }),
  GATEWAY_TOKEN_NEEDS_UNIT: (p: { role: string }) => ({
    zh: `角色为 ${p.role} 的访问令牌须有“unit”声明：注明代表哪个单位`,
    en: `a ${p.role} token needs "unit": the unit it acts for`,
  }),
  GATEWAY_BODY_NOT_UTF8: () => ({ zh: '请求体不是有效的 UTF-8 文本', en: 'request body is not UTF-8' }),
  GATEWAY_BODY_TOO_LARGE: (p: { max: number }) => ({
    zh: `请求体超过 ${p.max} 字节`,
    en: `request body over ${p.max} bytes`,
  }),
  GATEWAY_BODY_NOT_JSON: () => ({ zh: '请求体不是有效的 JSON', en: 'request body is not valid JSON' }),
  GATEWAY_BATCHING_NOT_ENABLED: () => ({
    zh: '不支持批量请求：每个请求只发送一个操作',
    en: 'batched requests are not supported: send one operation per request',
  }),
  GATEWAY_PUBLIC_QUERIES_TOO_MANY: () => ({
    zh: '本地址的公开查询过多',
    en: 'too many public queries from this address',
  }),
  GATEWAY_INTROSPECTION_REFUSED: () => ({
    zh: '内省查询仅向已认证的工作人员开放',
    en: 'introspection is for authenticated staff',
  }),
  GATEWAY_REPORT_DOCUMENT_NOT_FOUND: () => ({ zh: '没有这个报告文件', en: 'no such report document' }),
  GATEWAY_SUBGRAPH_TIMEOUT: () => ({
    zh: '数据服务未在时限内应答，请稍后重试',
    en: 'a data service did not answer in time; please retry later',
  }),
  GATEWAY_SUBGRAPH_UNAVAILABLE: () => ({
    zh: '数据服务暂时不可用，其余内容照常返回，请稍后重试',
    en: 'a data service is unavailable; the rest of the answer stands, please retry later',
  }),
});
