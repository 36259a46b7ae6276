// The behaviour style of a stakeholder with its communication tips (docs/product.md §8), shown under the name in the stakeholder
// list; a protected contact the reader may not see shows as such.
import { h } from '../dom.js';
import { t, label, locale } from '../i18n.js';

export function styleBlock(person) {
  if (person.hidden) {
    return h('div', { class: 'protected-contact muted small', title: t('decisionChain.protectedHint') }, '🔒 ', t('decisionChain.protectedHint'));
  }
  const tips = person.communicationTips ?? [];
  const lock = person.confidential ? h('div', { class: 'badge tone-warn protected-badge' }, '🔒 ', t('decisionChain.confidential')) : null;
  if (!person.behaviorStyle) return lock;
  return h('div', { class: 'behavior-style', dataset: { style: person.behaviorStyle } }, lock,
    h('details', null,
      h('summary', null, h('span', { class: 'badge style-badge' }, label('behaviorStyle', person.behaviorStyle))),
      h('ul', { class: 'communication-tips' }, tips.map(tip => h('li', { dataset: { code: tip.code } }, locale() === 'zh-CN' ? tip.zh : tip.en)))));
}
