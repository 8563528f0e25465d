import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import {
  CREDIT_CODE_ALPHABET,
  assertCreditCode,
  assertIdNumber,
  checkCreditCode,
  checkIdNumber,
  creditCodeCheckChar,
  idNumberBirthDate,
  idNumberCheckChar,
  makeCreditCode,
  makeIdNumber,
  maskIdNumber,
  maskPersonName,
} from '../subgraphs/kit/identifiers.js';

const reasonOf = (check: { ok: boolean; reason?: { en: string } }) => (check.ok ? 'ok' : check.reason?.en);
const DIGITS = '0123456789';
const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');

describe('unified social credit code (GB 32100-2015)', () => {
  it('weights are 3^(i-1) mod 31 and none is 0 mod 31, so every single substitution is detected', () => {
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    weights.forEach((w, i) => expect(w).toBe(3 ** i % 31));
    expect(weights.every((w) => w % 31 !== 0)).toBe(true);
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
  });

  it('accepts the reference example and normalises case and surrounding space', () => {
    expect(checkCreditCode('91320585692138384A')).toEqual({ ok: true, value: '91320585692138384A' });
    expect(checkCreditCode(' \u300091320585692138384a\t')).toEqual({ ok: true, value: '91320585692138384A' });
    expect(creditCodeCheckChar('91320585692138384')).toBe('A');
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['91320585692138384', 'must be 18 characters, got 17'],
    ['91320585692138384AA', 'must be 18 characters, got 19'],
    ['9132I585692138384A', "character 'I' at position 5 is not allowed (allowed: 0-9 and A-H J-N P-R T U W X Y)"],
    ['91320585692138384o', "character 'O' at position 18 is not allowed (allowed: 0-9 and A-H J-N P-R T U W X Y)"],
    ['9132058569213838中A', "character '中' at position 17 is not allowed (allowed: 0-9 and A-H J-N P-R T U W X Y)"],
    ['91A20585692138384A', 'positions 3-8 (region code) must be digits'],
    ['9132058Y692138384A', 'positions 3-8 (region code) must be digits'],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkCreditCode(input)).toEqual({ ok: false, reason: expect.objectContaining({ en: reason }) });
  });

  it('marks a well-formed code with a wrong check character as checksumOnly, so historic codes can be flagged', () => {
    expect(checkCreditCode(' 91320585692138384b ')).toEqual({
      ok: false,
      reason: expect.objectContaining({ code: 'CREDIT_CODE_CHECK_CHARACTER', en: "check character should be 'A', got 'B'" }),
      checksumOnly: true,
      value: '91320585692138384B',
    });
  });

  const alphabetChar = fc.constantFrom(...CREDIT_CODE_ALPHABET);
  const digit = fc.constantFrom(...DIGITS);
  const creditHead = fc
    .tuple(
      fc.array(alphabetChar, { minLength: 2, maxLength: 2 }),
      fc.array(digit, { minLength: 6, maxLength: 6 }),
      fc.array(alphabetChar, { minLength: 9, maxLength: 9 }),
    )
    .map(([a, b, c]) => [...a, ...b, ...c].join(''));

  it('property: any well-shaped head plus its check character passes', () => {
    fc.assert(
      fc.property(creditHead, (head) => {
        const code = head + creditCodeCheckChar(head);
        expect(makeCreditCode(head)).toBe(code);
        expect(checkCreditCode(code)).toEqual({ ok: true, value: code });
      }),
    );
  });

  it('property: changing any one character to another alphabet character is rejected', () => {
    fc.assert(
      fc.property(creditHead, fc.nat(17), alphabetChar, (head, pos, replacement) => {
        const code = makeCreditCode(head);
        fc.pre(code[pos] !== replacement);
        const mutated = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(checkCreditCode(mutated).ok).toBe(false);
      }),
    );
  });

  it('makeCreditCode refuses bad heads', () => {
    expect(makeCreditCode('91320585692138384')).toBe('91320585692138384A');
    expect(() => makeCreditCode('9132058569213838')).toThrow('must be 17 characters, got 16');
    expect(() => makeCreditCode('9132O585692138384')).toThrow("character 'O' at position 5");
    expect(() => makeCreditCode('91A20585692138384')).toThrow('positions 3-8 (region code) must be digits');
    expect(() => creditCodeCheckChar('9132058569213838S')).toThrow("character 'S' at position 17");
  });

  it('assertCreditCode returns the normalised code or throws BAD_USER_INPUT naming the field', () => {
    expect(assertCreditCode('input.code', '91320585692138384a')).toBe('91320585692138384A');
    let error: unknown;
    try {
      assertCreditCode('input.code', 'bad');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    const { extensions, message } = error as GraphQLError;
    expect(extensions.code).toBe('BAD_USER_INPUT');
    expect(extensions.field).toBe('input.code');
    expect(extensions.reason).toBe('WRONG_LENGTH');
    expect(message).toBe('input.code: 应为 18 位，收到 3 位');
  });
});

describe('resident ID number (GB 11643-1999)', () => {
  it('weights are 2^(17-i) mod 11 and none is 0 mod 11, so every single digit substitution is detected', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    weights.forEach((w, i) => expect(w).toBe(2 ** (17 - i) % 11));
    expect(weights.every((w) => w % 11 !== 0)).toBe(true);
  });

  it('accepts the reference examples and upper-cases a trailing x', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber('440524188001010014')).toEqual({ ok: true, value: '440524188001010014' });
    expect(checkIdNumber(' 11010519491231002x ')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  const nextYear = new Date().getUTCFullYear() + 1;
  it.each([
    ['', 'is empty'],
    ['\t', 'is empty'],
    ['11010519491231002', 'must be 18 characters, got 17'],
    ['11010519491231002XX', 'must be 18 characters, got 19'],
    ['11A10519491231002X', "character 'A' at position 3 is not allowed (17 digits then a digit or X)"],
    ['1101051949123100X2', "character 'X' at position 17 is not allowed (17 digits then a digit or X)"],
    ['110105194912310x2X', "character 'x' at position 16 is not allowed (17 digits then a digit or X)"],
    ['11010519491231002Y', "character 'Y' at position 18 is not allowed (17 digits then a digit or X)"],
    ['110105194902300021', 'birth date 19490230 is not a real date'],
    ['110105190002290021', 'birth date 19000229 is not a real date'],
    ['110105194913010021', 'birth date 19491301 is not a real date'],
    ['110105194900100021', 'birth date 19490010 is not a real date'],
    ['110105184912310021', 'birth date 18491231 is before 1850-01-01'],
    [`110105${nextYear}01010021`, `birth date ${nextYear}0101 is in the future`],
    ['110105194912310021', "check character should be 'X', got '1'"],
    ['440524188001010010', "check character should be '4', got '0'"],
  ])('rejects %j: %s', (input, reason) => {
    expect(checkIdNumber(input)).toEqual({ ok: false, reason: expect.objectContaining({ en: reason }) });
  });

  it('accepts the boundary dates and leap days', () => {
    for (const date of ['18500101', '20000229', '20240229']) {
      expect(reasonOf(checkIdNumber(makeIdNumber('320585', date, 1)))).toBe('ok');
    }
  });

  // Yesterday (UTC) is in the past in every time zone, including China's, whatever time the test runs.
  const latest = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1));
  const birthDate = fc.date({ min: new Date(Date.UTC(1850, 0, 1)), max: latest, noInvalidDate: true });
  const region = fc.array(fc.constantFrom(...DIGITS), { minLength: 6, maxLength: 6 }).map((d) => d.join(''));
  const sequence = fc.integer({ min: 0, max: 999 });

  it('property: any real birth date and sequence makes a valid number with that birth date', () => {
    fc.assert(
      fc.property(region, birthDate, sequence, (r, date, seq) => {
        const id = makeIdNumber(r, ymd(date), seq);
        expect(checkIdNumber(id)).toEqual({ ok: true, value: id });
        expect(idNumberBirthDate(id)).toBe(date.toISOString().slice(0, 10));
        expect(id.slice(14, 17)).toBe(String(seq).padStart(3, '0'));
      }),
    );
  });

  it('property: changing any one character to another digit (or X at the end) is rejected', () => {
    fc.assert(
      fc.property(region, birthDate, sequence, fc.nat(17), fc.constantFrom(...DIGITS, 'X'), (r, date, seq, pos, replacement) => {
        const id = makeIdNumber(r, ymd(date), seq);
        fc.pre(id[pos] !== replacement && (replacement !== 'X' || pos === 17));
        const mutated = id.slice(0, pos) + replacement + id.slice(pos + 1);
        expect(checkIdNumber(mutated).ok).toBe(false);
      }),
    );
  });

  it('makeIdNumber and idNumberBirthDate refuse bad input', () => {
    expect(makeIdNumber('110105', '19491231', 2)).toBe('11010519491231002X');
    expect(() => makeIdNumber('11010', '19491231', 2)).toThrow('region must be 6 digits');
    expect(() => makeIdNumber('110105', '19490230', 2)).toThrow('birth date 19490230 is not a real date');
    expect(() => makeIdNumber('110105', '1949-12-31', 2)).toThrow('is not a real date');
    expect(() => makeIdNumber('110105', '19491231', 1000)).toThrow('sequence must be an integer 0-999');
    expect(() => makeIdNumber('110105', '19491231', 1.5)).toThrow('sequence must be an integer 0-999');
    expect(() => idNumberCheckChar('1101051949123100X')).toThrow('17 digits');
    expect(idNumberBirthDate('440524188001010014')).toBe('1880-01-01');
    expect(() => idNumberBirthDate('110105194912310021')).toThrow("check character should be 'X', got '1'");
  });

  it('assertIdNumber returns the normalised number or throws BAD_USER_INPUT naming the field', () => {
    expect(assertIdNumber('input.idNumber', '11010519491231002x')).toBe('11010519491231002X');
    expect(() => assertIdNumber('input.idNumber', '110105194902300021')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          field: 'input.idNumber',
          reason: 'ID_NUMBER_BIRTH_DATE_INVALID',
        }),
      }),
    );
  });
});

describe('masking', () => {
  it('masks ID numbers to first 4, ten stars, last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskIdNumber('440524188001010014')).toBe('4405**********0014');
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('keeps only the first character of a name', () => {
    expect(maskPersonName('王五')).toBe('王*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskPersonName('王')).toBe('王');
    expect(maskPersonName('𠮷田')).toBe('𠮷*');
    expect(maskPersonName('  ')).toBe('');
  });
});
