import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, Kind, visit, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';

/**
 * What a person reads when the platform refuses something: zh-CN by default (citizens, enterprises and clerks
 * read Chinese), English when the caller's Accept-Language prefers it. Each text has a stable code, so a portal
 * can translate or react without parsing prose; the code is `extensions.reason` of the error that carries it.
 */
export type Locale = 'zh-CN' | 'en';
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export interface Message {
  /** Stable, SCREAMING_SNAKE_CASE; never reworded once published (README: The contract). */
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

export interface Texts {
  zh: string;
  en: string;
}

type Entry = (...args: never[]) => Texts;
export type Catalogue<T extends Record<string, Entry>> = { readonly [K in keyof T & string]: (...args: Parameters<T[K]>) => Message };

const CATALOGUES = new Map<string, Entry>();
const CODE_SHAPE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/**
 * A module's messages, each `CODE: (params) => ({ zh, en })`. Codes are unique across the whole platform
 * (checked here, at import), so `extensions.reason` names one text wherever it comes from.
 */
export function messages<T extends Record<string, Entry>>(entries: T): Catalogue<T> {
  const out: Record<string, (...args: never[]) => Message> = {};
  for (const [code, texts] of Object.entries(entries)) {
    if (!CODE_SHAPE.test(code)) throw new Error(`message code ${code} is not SCREAMING_SNAKE_CASE`);
    if (CATALOGUES.has(code) && CATALOGUES.get(code) !== texts) throw new Error(`message code ${code} is defined twice`);
    CATALOGUES.set(code, texts);
    out[code] = (...args) => ({ code, ...texts(...args) });
  }
  return out as unknown as Catalogue<T>;
}

/** Every code defined so far, for the catalogue's own tests. */
export function definedCodes(): Map<string, Entry> {
  return new Map(CATALOGUES);
}

export function textOf(message: Message, locale: Locale): string {
  return locale === 'en' ? message.en : message.zh;
}

/**
 * The caller's language from Accept-Language (RFC 9110 §12.5.4): English only when an `en` range weighs more
 * than every Chinese one; anything unparsable, absent or unsupported reads Chinese.
 */
export function negotiateLocale(header: string | string[] | undefined | null): Locale {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value || value.length > 1000) return DEFAULT_LOCALE;
  let en = 0;
  let zh = 0;
  for (const part of value.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (!(weight > 0)) continue;
    const primary = range.trim().split('-')[0];
    if (primary === 'en') en = Math.max(en, weight);
    else if (primary === 'zh' || primary === '*') zh = Math.max(zh, weight);
  }
  return en > zh ? 'en' : DEFAULT_LOCALE;
}

const MESSAGE = Symbol('message');
const PREFIX = Symbol('prefix');

/** Marks an error with the message it renders, `prefix` (e.g. the field) kept in front in either language. */
export function attachMessage<E extends Error>(error: E, message: Message, prefix = ''): E {
  Object.defineProperty(error, MESSAGE, { value: message, enumerable: false });
  Object.defineProperty(error, PREFIX, { value: prefix, enumerable: false });
  return error;
}

function carried(error: unknown): { message: Message; prefix: string } | undefined {
  for (let e = error as Record<symbol, unknown> | undefined, depth = 0; e && depth < 5; depth += 1) {
    if (e[MESSAGE]) return { message: e[MESSAGE] as Message, prefix: (e[PREFIX] as string) ?? '' };
    e = (e as { originalError?: Record<symbol, unknown> }).originalError;
  }
  return undefined;
}

/** The error's text in `locale` when it carries a message; otherwise its own text. */
export function localisedText(error: unknown, locale: Locale): string | undefined {
  const found = carried(error);
  return found ? found.prefix + textOf(found.message, locale) : undefined;
}

const LOCALE = Symbol('locale');
const REQUEST_ID = Symbol('requestId');

// graphql-js's wrapper of a variable's refusal: `Variable "$d" got invalid value "x"[ at "d.from"]; …`.
// graphql-js's wrapper of a literal's refusal while validating: `Expected value of type "Date!", found "x"; …`.
const LITERAL_WRAPPER = /^Expected value of type "[^"]+", found /;

/** The name of the argument or input field whose value is `node`, in the operation's document. */
function holderOf(document: DocumentNode | undefined, node: ASTNode | undefined): string | undefined {
  if (!document || !node) return undefined;
  let name: string | undefined;
  visit(document, {
    enter(candidate) {
      if ((candidate.kind === Kind.ARGUMENT || candidate.kind === Kind.OBJECT_FIELD) && candidate.value === node) {
        name = candidate.name.value;
        return BREAK;
      }
      return undefined;
    },
  });
  return name;
}

const VARIABLE_WRAPPER = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)";|^Variable "\$(\w+)" got invalid value/s;

/** The language of the answer an error belongs to, once localisedErrorsPlugin has seen it; else the default. */
/** The request an error belongs to, once localisedErrorsPlugin has seen it: its log line names it. */
export function requestIdOf(error: unknown): string | undefined {
  const id = (error as Record<symbol, unknown> | null | undefined)?.[REQUEST_ID];
  return typeof id === 'string' ? id : undefined;
}

export function localeOf(error: unknown): Locale {
  const locale = (error as Record<symbol, unknown> | null | undefined)?.[LOCALE];
  return locale === 'en' ? 'en' : DEFAULT_LOCALE;
}

/**
 * Errors are built in Chinese; before Apollo formats the answer (didEncounterErrors runs first, on the errors the
 * answer will show) each is rendered in the caller's language, whole: graphql-js's English wrapper of a scalar's
 * refusal ("Variable "$on" got invalid value …") gives way to the scalar's own text; `extensions.field` keeps the where.
 */
export function localisedErrorsPlugin<Ctx extends { locale?: Locale; requestId?: string }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, document }) {
          const locale = contextValue.locale ?? DEFAULT_LOCALE;
          for (const error of errors as readonly GraphQLError[]) {
            // formatError (kit/http.ts) has no request: the language rides on the error it formats.
            Object.defineProperty(error, LOCALE, { value: locale, enumerable: false, configurable: true });
            Object.defineProperty(error, REQUEST_ID, { value: contextValue.requestId, enumerable: false, configurable: true });
            const found = carried(error);
            if (!found) continue;
            // A scalar's refusal of a variable names the scalar (badInput('Date', …)); the caller needs the
            // variable it sent, which only graphql-js's wrapper names: it becomes the field and the prefix.
            const variable = found.prefix ? VARIABLE_WRAPPER.exec(error.message) : null;
            // A literal refused while validating (`endEmergencyResponse(on: "2026-02-30")`): the argument holding it.
            const literal =
              found.prefix && !variable && LITERAL_WRAPPER.test(error.message) ? holderOf(document, error.nodes?.[0]) : undefined;
            const field = variable ? (variable[2] ?? variable[3]) : literal;
            if (field && error.extensions) (error.extensions as Record<string, unknown>).field = field;
            (error as { message: string }).message = (field ? `${field}: ` : found.prefix) + textOf(found.message, locale);
          }
        },
      };
    },
  };
}
