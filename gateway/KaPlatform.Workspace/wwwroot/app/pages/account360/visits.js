// Visits tab: the visit log (docs/product.md §1.5), newest first, searchable in one query ("what did they say last time") —
// the API finds Chinese substrings — and a form to log a visit.
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, apiAll, idempotencyKey } from '../../api.js';
import { defineStrings } from '../../common.js';
import { current } from '../../session.js';
import { personName, knownPeople } from '../../people.js';
import { formDialog, toast, enumOptions, errorPanel } from '../../components.js';
import { openLogFormIfAsked } from '../../phone/visitShortcuts.js';
import { canWrite, highlight, splitList, nowLocalInput, INTERACTION_KINDS } from './util.js';

defineStrings({
  'acct360.v.title': ['Visit log', '拜访记录'],
  'acct360.v.searchPlaceholder': ['Search what was said: summary, topics, next steps…', '搜索拜访内容：纪要、议题、下一步…'],
  'acct360.v.log': ['Log a visit', '记录拜访'],
  'acct360.v.logged': ['Visit logged.', '拜访已记录。'],
  'acct360.v.kind': ['Kind', '类型'],
  'acct360.v.occurredAt': ['When', '时间'],
  'acct360.v.with': ['With', '客户方'],
  'acct360.v.ours': ['Our attendees', '我方人员'],
  'acct360.v.summary': ['Summary', '纪要'],
  'acct360.v.topics': ['Topics', '议题'],
  'acct360.v.topicsHint': ['Separate topics with commas.', '多个议题用逗号分隔。'],
  'acct360.v.nextSteps': ['Next steps', '下一步'],
  'acct360.v.none': ['No visits logged yet.', '暂无拜访记录。'],
  'acct360.v.noMatch': ['No visit mentions “{q}”.', '没有提到“{q}”的拜访记录。'],
  'acct360.v.count': ['{count} visits', '共 {count} 条'],
  'acct360.v.countMatch': ['{count} visits mention “{q}”', '{count} 条提到“{q}”'],
  'acct360.v.clear': ['Clear', '清除'],
  'acct360.v.departedPerson': ['(left)', '（已离开）'],
  'acct360.v.unknownPerson': ['Someone not on record', '未记录的人员'],
});

function visitItem(v, people, q) {
  const who = (v.stakeholderIds ?? []).map(sid => {
    const p = people.get(sid);
    if (!p) return t('acct360.v.unknownPerson');
    return `${p.name}${p.title ? `（${p.title}）` : ''}${p.status === 'departed' ? ` ${t('acct360.v.departedPerson')}` : ''}`;
  });
  return h('article', { class: 'a360-visit', dataset: { interactionId: v.id, kind: v.kind } },
    h('header', { class: 'a360-visit-head' },
      h('span', { class: ['badge', 'a360-kind', `kind-${v.kind}`] }, label('interactionKind', v.kind)),
      h('time', { datetime: v.occurredAt, class: 'a360-visit-date' }, fmt.dateTime(v.occurredAt)),
      who.length ? h('span', { class: 'a360-visit-who' }, `${t('acct360.v.with')}: `, who.join('、')) : null,
      v.ourAttendees?.length ? h('span', { class: 'muted small' }, `${t('acct360.v.ours')}: `, v.ourAttendees.map(personName).join('、')) : null),
    h('p', { class: 'a360-visit-summary' }, highlight(v.summary, q)),
    v.topics?.length ? h('div', { class: 'a360-chips' }, h('span', { class: 'muted small' }, `${t('acct360.v.topics')}: `),
      v.topics.map(topic => h('span', { class: 'a360-chip' }, highlight(topic, q)))) : null,
    v.nextSteps ? h('p', { class: 'a360-visit-next' }, h('strong', null, `${t('acct360.v.nextSteps')}: `), highlight(v.nextSteps, q)) : null);
}

function attendeeOptions() {
  const me = current()?.user;
  const people = knownPeople().map(p => [p.userId, p.name]);
  if (me && !people.some(([id]) => id === me.id)) people.unshift([me.id, me.name]);
  return people;
}

export default {
  async render(env) {
    const { id } = env;
    let q = env.query.q ?? '';
    const people = new Map((await apiAll(`/api/accounts/${id}/stakeholders`, { includeDeparted: true })).map(p => [p.id, p]));

    const list = h('div', { class: 'a360-visit-list', id: 'visit-list', 'aria-live': 'polite' });
    const status = h('p', { class: 'muted', id: 'visit-count' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('common.more'));
    let cursor = null;
    let seq = 0;

    const show = (items, append) => {
      const nodes = items.map(v => visitItem(v, people, q));
      if (append) list.append(...nodes); else list.replaceChildren(...nodes);
    };
    const load = async () => {
      const mine = ++seq;
      try {
        const page = await api(`/api/accounts/${id}/interactions`, { query: { q, limit: 20 } });
        if (mine !== seq) return;
        cursor = page.nextCursor;
        more.hidden = !cursor;
        if (!page.items.length) {
          list.replaceChildren(h('p', { class: 'empty', id: 'visit-empty' }, q ? t('acct360.v.noMatch', { q }) : t('acct360.v.none')));
          status.textContent = '';
          return;
        }
        show(page.items, false);
        const count = `${page.items.length}${cursor ? '+' : ''}`;
        status.textContent = q ? t('acct360.v.countMatch', { count, q }) : t('acct360.v.count', { count });
      } catch (error) {
        if (mine === seq) list.replaceChildren(errorPanel(error, load));
      }
    };
    more.addEventListener('click', async () => {
      try {
        const page = await api(`/api/accounts/${id}/interactions`, { query: { q, limit: 20, cursor } });
        cursor = page.nextCursor;
        more.hidden = !cursor;
        show(page.items, true);
      } catch (error) {
        list.append(errorPanel(error));
      }
    });

    // The query stays in the address (shareable, survives reload) without re-rendering the page.
    const remember = () => {
      const params = new URLSearchParams({ tab: 'visits' });
      if (q) params.set('q', q);
      history.replaceState(null, '', `#/accounts/${id}?${params}`);
    };
    const input = h('input', { type: 'search', id: 'visit-search', name: 'q', value: q, placeholder: t('acct360.v.searchPlaceholder'), 'aria-label': t('common.search') });
    let timer = null;
    const search = () => {
      clearTimeout(timer);
      q = input.value.trim();
      remember();
      load();
    };
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 350); });
    const searchForm = h('form', { class: 'filters', role: 'search', onSubmit: e => { e.preventDefault(); search(); } },
      input,
      h('button', { type: 'submit', class: 'primary', id: 'visit-search-button' }, t('common.search')),
      h('button', { type: 'button', class: 'secondary', onClick: () => { input.value = ''; search(); } }, t('acct360.v.clear')));

    const logButton = canWrite() ? h('button', {
      type: 'button', class: 'primary', id: 'log-visit',
      onClick: async () => {
        const active = [...people.values()].filter(p => p.status !== 'departed');
        const me = current()?.user?.id;
        const created = await formDialog(t('acct360.v.log'), [
          { name: 'kind', label: t('acct360.v.kind'), type: 'select', required: true, value: 'visit', options: enumOptions('interactionKind', INTERACTION_KINDS) },
          { name: 'occurredAt', label: t('acct360.v.occurredAt'), type: 'datetime-local', required: true, value: nowLocalInput() },
          { name: 'stakeholderIds', label: t('acct360.v.with'), type: 'multi', wide: true, options: active.map(p => [p.id, p.title ? `${p.name}（${p.title}）` : p.name]) },
          { name: 'ourAttendees', label: t('acct360.v.ours'), type: 'multi', wide: true, value: me ? [me] : [], options: attendeeOptions() },
          { name: 'summary', label: t('acct360.v.summary'), type: 'textarea', required: true, wide: true, rows: 4 },
          { name: 'topics', label: t('acct360.v.topics'), hint: t('acct360.v.topicsHint'), wide: true },
          { name: 'nextSteps', label: t('acct360.v.nextSteps'), type: 'textarea', wide: true, rows: 2 },
        ], values => api(`/api/accounts/${id}/interactions`, {
          method: 'POST',
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: { ...values, occurredAt: values.occurredAt ? new Date(values.occurredAt).toISOString() : null, topics: splitList(values.topics, /[,，;；、\n]+/) },
        }), { submitLabel: t('common.save') });
        if (created) {
          toast(t('acct360.v.logged'));
          load();
        }
      },
    }, t('acct360.v.log')) : null;

    await load();
    openLogFormIfAsked(env, logButton);
    return h('section', { id: 'visit-log', class: 'card a360-visits' },
      h('div', { class: 'a360-card-head' }, h('h2', null, t('acct360.v.title')), logButton),
      searchForm, status, list, h('div', { class: 'more' }, more));
  },
};
