import { Faker, base, zh_CN } from '@faker-js/faker';
import { addWorkingDays } from './working-days.js';
import { addDays, chinaMoment } from '../../subgraphs/kit/time.js';

/** The seed every run starts from: the notice's date, 2020-02-05. */
export const SEED = 20200205;

/** A private Faker (never the shared `fakerZH_CN`), so seeding it cannot disturb anyone else's. */
export function createFaker(seed = SEED): Faker {
  const faker = new Faker({ locale: [zh_CN, base] });
  faker.seed(seed);
  return faker;
}

/** A Chinese name from faker's zh_CN lists; compound surnames (上官, 司徒 …) are rare in Taicang, so left out. */
export function personName(faker: Faker, sex?: 'female' | 'male'): string {
  let surname = faker.person.lastName();
  while (surname.length > 1) surname = faker.person.lastName();
  return surname + faker.person.firstName(sex);
}

const DAY_MS = 86_400_000;
const toMs = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`);

export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** A date in [from, to], both inclusive; `from` when the range is empty. */
export function dateBetween(faker: Faker, from: string, to: string): string {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, faker.number.int({ min: 0, max: span }));
}

export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

export const isWorkday = (isoDate: string): boolean => addWorkingDays(isoDate, 0) === isoDate;

/** The working day on or before `isoDate` (official calendar, with 调休 weekends). */
export function workdayOnOrBefore(isoDate: string): string {
  let day = isoDate;
  while (!isWorkday(day)) day = addDays(day, -1);
  return day;
}

/** Snap to a working day: the next one, unless that passes `latest`, then the previous one. */
export function workdayNear(isoDate: string, latest: string): string {
  const next = addWorkingDays(isoDate, 0);
  return next <= latest ? next : workdayOnOrBefore(isoDate);
}

/** A moment on a date during office hours, China Standard Time. */
export function officeTime(faker: Faker, isoDate: string, fromHour = 9, toHour = 17): Date {
  const hour = String(faker.number.int({ min: fromHour, max: toHour - 1 })).padStart(2, '0');
  const minute = String(faker.number.int({ min: 0, max: 59 })).padStart(2, '0');
  return chinaMoment(isoDate, `${hour}:${minute}:00`);
}

/** 2020-02-03 -> 2020年2月3日 */
export function cnDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

const CN_DIGITS = '〇一二三四五六七八九';
/** 1-99 in Chinese numerals, as articles are cited: 5 -> 五, 11 -> 十一, 20 -> 二十. */
export function cnNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones === 0 ? '' : CN_DIGITS[ones]}`;
}

/** Money with two decimals at most, as decisions print it. */
export function money(faker: Faker, min: number, max: number, step = 1): string {
  const value = faker.number.int({ min: Math.round(min / step), max: Math.round(max / step) }) * step;
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
}
