import { categoryEntry } from '../../subgraphs/records/catalogue.js';

/**
 * 双公示 blocks for test reports: every administrative penalty must carry one (intake rejects it otherwise), and
 * only penalties may.
 */
export const WARNING_PENALTY = { types: ['WARNING'], content: '责令改正，给予警告。' };

export const finePenalty = (fineAmount = '0.5') => ({ types: ['FINE'], content: `责令改正，处罚款${fineAmount}万元。`, fineAmount });

/** The report with a fine when its category is an administrative penalty and it carries no penalty block of its own. */
export function withPenalty<T extends Record<string, unknown>>(input: T): T {
  const kind = categoryEntry(String(input.category ?? ''))?.kind;
  return kind === 'ADMINISTRATIVE_PENALTY' && input.penalty === undefined ? { ...input, penalty: finePenalty() } : input;
}
