import type { Faker } from '@faker-js/faker';
import { makeIdNumber } from '../../subgraphs/kit/identifiers.js';
import type { SeedSubject } from './model.js';
import { dateBetween, personName } from './random.js';
import { COMMUNITIES, DISTRICTS, REGION } from './words.js';

export const PERSON_COUNT = 80;

/** A resident as the demo knows them: the ID number and name units report them by, the key groups they belong to. */
export interface NewPerson {
  idNumber: string;
  name: string;
  registeredAddress?: string | null;
  district?: string | null;
  tags?: string[];
}

export interface SeedPerson {
  subject: SeedSubject;
  person: NewPerson;
}

/**
 * 80 residents, the demo person first (a frontline worker). ID numbers are valid GB 11643 numbers,
 * mostly issued in Taicang, some in Suzhou city (320500) or Changshu (320581); odd sequence = male.
 */
export function generatePersons(faker: Faker, personIdFor: (idNumber: string) => string): SeedPerson[] {
  const seen = new Set<string>();
  const persons: SeedPerson[] = [];
  for (let i = 0; i < PERSON_COUNT; i++) {
    const demo = i === 0;
    const sex = faker.helpers.arrayElement(['female', 'male'] as const);
    const name = personName(faker, sex);
    const region = demo
      ? REGION
      : faker.helpers.weightedArrayElement([
          { weight: 85, value: REGION },
          { weight: 5, value: '320500' },
          { weight: 10, value: '320581' },
        ]);
    let idNumber = '';
    while (!idNumber || seen.has(idNumber)) {
      const birth = dateBetween(faker, '1950-01-01', '2002-12-31').replaceAll('-', '');
      const sequence = faker.number.int({ min: 0, max: 499 }) * 2 + (sex === 'male' ? 1 : 0);
      idNumber = makeIdNumber(region, birth, sequence);
    }
    seen.add(idNumber);
    const district = faker.helpers.arrayElement(DISTRICTS);
    const address = `江苏省太仓市${district}${faker.helpers.arrayElement(COMMUNITIES)}${faker.number.int({ min: 1, max: 60 })}幢${faker.number.int({ min: 1, max: 6 })}0${faker.number.int({ min: 1, max: 4 })}室`;
    const tags = demo || faker.datatype.boolean(0.25) ? ['EPIDEMIC_PREVENTION'] : [];
    const id = personIdFor(idNumber);
    persons.push({
      subject: { id, name, isPerson: true, district, sector: 'person', tags, active: true },
      person: { idNumber, name, registeredAddress: address, district, tags },
    });
  }
  return persons;
}
