/**
 * The demo subjects are the same in every seeded database (the generator is deterministic). Apart from the
 * generators, so that naming them (the start-up banner) loads none of the seed's code.
 */
export const DEMO_COMPANY = { code: '91320585016648258N', name: '太仓市娄城医疗器械有限公司' } as const;
export const DEMO_PERSON_ID_NUMBER = '320585196604090207';
