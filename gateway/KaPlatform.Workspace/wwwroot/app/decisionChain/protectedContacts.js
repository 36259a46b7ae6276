// 保护内线 (docs/product.md §8): a reader who may not see a protected contact gets {id, confidential, buyingRoles, stance,
// influence} only. shownAs() gives such a node a readable stand-in name so every list and chart can draw it.
import { t } from '../i18n.js';

/** The stakeholder as the page draws it; `hidden` marks the stand-in (no edits offered: the API answers 404). */
export function shownAs(person) {
  if (!person || person.name !== undefined && person.name !== null) return person;
  return { ...person, name: t('decisionChain.protected'), hidden: true };
}
