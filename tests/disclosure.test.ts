import { describe, expect, it } from 'vitest';
import { disclosureWindow, explainDisclosure, ruleInForce } from '../subgraphs/records/disclosure.js';

const view = (window: ReturnType<typeof disclosureWindow>, today: string, status = 'ACTIVE', deferredUntil: string | null = null) =>
  explainDisclosure({ status, subjectIsPerson: false, severity: 'GENERAL', disclosureRule: window.rule, ...window, deferredUntil }, today);

describe('disclosure periods (公示期), versioned by decision date', () => {
  it('applies the rule in force on the decision date, switching on 2026-04-01', () => {
    expect(ruleInForce('2026-03-31').version).toBe('发改办财金〔2019〕527号');
    expect(ruleInForce('2026-04-01').version).toBe('国家发展改革委令第36号《信用修复管理办法》');
    expect(ruleInForce('2018-05-01').version).toBe('发改办财金〔2019〕527号');
  });

  it('shows a general record from its decision date through the last day of the year, and not a day more', () => {
    const window = disclosureWindow('ADMINISTRATIVE_PENALTY', 'GENERAL', '2020-03-10', false);
    expect(window).toMatchObject({ minimumUntil: '2020-06-10', publicFrom: '2020-03-10', publicUntil: '2021-03-09' });
    expect(view(window, '2020-03-09').isPublicNow).toBe(false);
    expect(view(window, '2020-03-10').isPublicNow).toBe(true);
    expect(view(window, '2021-03-09').isPublicNow).toBe(true);
    const after = view(window, '2021-03-10');
    expect(after.isPublicNow).toBe(false);
    expect(after.reason).toContain('2021-03-09届满');
  });

  it('uses 6 months / 3 years for serious records under the 2019 rule and 1 year / 3 years under the 2026 rule', () => {
    expect(disclosureWindow('ADMINISTRATIVE_PENALTY', 'SERIOUS', '2026-03-31', false)).toMatchObject({
      minimumUntil: '2026-09-30',
      publicUntil: '2029-03-30',
    });
    expect(disclosureWindow('ADMINISTRATIVE_PENALTY', 'SERIOUS', '2026-04-01', false)).toMatchObject({
      minimumUntil: '2027-04-01',
      publicUntil: '2029-03-31',
    });
  });

  it('does not publish minor records under the 2026 rule; the 2019 rule knew no minor class', () => {
    const minor2026 = disclosureWindow('DISHONEST_CONDUCT', 'MINOR', '2026-05-01', false);
    expect(minor2026).toMatchObject({ publicFrom: null, publicUntil: null });
    expect(view(minor2026, '2026-05-02').reason).toContain('轻微失信信息不予公示');
    expect(disclosureWindow('DISHONEST_CONDUCT', 'MINOR', '2020-05-01', false)).toMatchObject({
      publicFrom: '2020-05-01',
      publicUntil: '2021-04-30',
    });
  });

  it('never publishes a natural person, and keeps positive records public without an end', () => {
    expect(disclosureWindow('ADMINISTRATIVE_PENALTY', 'SERIOUS', '2026-05-01', true)).toMatchObject({
      publicFrom: null,
      publicUntil: null,
    });
    expect(disclosureWindow('HONOR', null, '2026-05-01', false)).toMatchObject({
      publicFrom: '2026-05-01',
      publicUntil: null,
      minimumUntil: null,
    });
  });

  it('discloses a deferred record by itself on the day its deferral ends', () => {
    const window = disclosureWindow('DISHONEST_CONDUCT', 'GENERAL', '2026-06-01', false);
    expect(view(window, '2026-07-30', 'DEFERRED', '2026-07-31')).toMatchObject({
      isPublicNow: false,
      reason: expect.stringContaining('暂缓报送'),
    });
    expect(view(window, '2026-07-31', 'DEFERRED', '2026-07-31').isPublicNow).toBe(true);
  });
});
