// Editing the account itself: its fields and parent (PATCH with If-Match, only what changed) and its team (PUT team,
// which decides who sees the account, docs/product.md §6). Offered to the roles accounts-api lets write; the API still refuses
// outside the caller's scope.
import { h } from '../../dom.js';
import { t, label } from '../../i18n.js';
import { api, apiAll, ifMatch } from '../../api.js';
import { defineStrings, REGIONS } from '../../common.js';
import { knownPeople, personName } from '../../people.js';
import { formDialog, enumOptions, toast } from '../../components.js';
import { canWrite } from './util.js';

defineStrings({
  'acct360.edit.title': ['Edit {name}', '编辑 {name}'],
  'acct360.edit.industry': ['Industry', '行业'],
  'acct360.edit.category': ['Category', '客户类别'],
  'acct360.edit.purchasePattern': ['Purchase pattern', '采购模式'],
  'acct360.edit.lifecycle': ['Lifecycle stage', '生命周期'],
  'acct360.edit.parent': ['Parent (group)', '上级（集团）'],
  'acct360.edit.teamHint': ['Team: who works on the account — and therefore who sees it. The owner stays the owner.', '团队：负责该客户的人员，也决定谁能看到该客户。负责人保持不变。'],
  'acct360.edit.saved': ['Account saved.', '客户信息已保存。'],
  'acct360.edit.member': ['{name}: role on the team', '{name}：团队角色'],
});

const TEAM_ROLES = ['sales', 'technical', 'delivery', 'executive_sponsor'];

async function edit(env) {
  const a = env.account;
  const accounts = await apiAll('/api/accounts', {}, 500).catch(() => []);
  const parents = accounts.filter(x => x.id !== a.id).map(x => [x.id, x.name]);
  if (a.parentId && !parents.some(([id]) => id === a.parentId)) parents.unshift([a.parentId, env.parent?.name ?? a.parentId]);
  const members = new Map((a.team ?? []).filter(m => m.role !== 'owner').map(m => [m.userId, m.role]));
  const people = new Map(knownPeople().filter(p => p.userId !== a.ownerId).map(p => [p.userId, p.name]));
  for (const id of members.keys()) if (!people.has(id)) people.set(id, personName(id));
  const memberField = id => `member_${id}`;

  const saved = formDialog(t('acct360.edit.title', { name: a.name }), [
    { name: 'name', label: t('common.name'), required: true, value: a.name, wide: true },
    { name: 'industry', label: t('acct360.edit.industry'), value: a.industry ?? '' },
    { name: 'region', label: t('common.region'), type: 'select', required: true, options: REGIONS.includes(a.region) ? REGIONS.map(r => [r, r]) : [[a.region, a.region], ...REGIONS.map(r => [r, r])], value: a.region },
    { name: 'category', label: t('acct360.edit.category'), type: 'select', options: enumOptions('category', ['economic', 'important', 'group', 'strategic']), value: a.category },
    { name: 'purchasePattern', label: t('acct360.edit.purchasePattern'), type: 'select', options: enumOptions('purchasePattern', ['continuous', 'occasional']), value: a.purchasePattern },
    { name: 'lifecycleStage', label: t('acct360.edit.lifecycle'), type: 'select', options: enumOptions('lifecycleStage', ['acquisition', 'growth', 'stable', 'decline']), value: a.lifecycleStage },
    { name: 'parentId', label: t('acct360.edit.parent'), type: 'select', options: parents, value: a.parentId ?? '', wide: true },
    ...[...people].map(([id, name]) => ({
      name: memberField(id), label: t('acct360.edit.member', { name }), type: 'select', options: TEAM_ROLES.map(r => [r, label('teamRole', r)]), value: members.get(id) ?? '',
    })),
  ], async values => {
    const body = {};
    for (const key of ['name', 'industry', 'region', 'category', 'purchasePattern', 'lifecycleStage', 'parentId']) {
      if ((values[key] ?? null) !== (a[key] ?? null)) body[key] = values[key] ?? null;
    }
    let current = a;
    if (Object.keys(body).length) {
      current = await api(`/api/accounts/${a.id}`, { method: 'PATCH', body, headers: ifMatch(current) });
    }
    const team = [...people.keys()].filter(id => values[memberField(id)]).map(id => ({ userId: id, role: values[memberField(id)] }));
    const changed = team.length !== members.size || team.some(m => members.get(m.userId) !== m.role);
    // The team as the dialog showed it: someone who changed it meanwhile is not overwritten (412, shown in the dialog).
    if (changed) await api(`/api/accounts/${a.id}/team`, { method: 'PUT', body: { team }, headers: ifMatch(current) });
    return true;
  }, { submitLabel: t('common.save') });
  const dialog = [...document.querySelectorAll('dialog.dialog')].at(-1);
  dialog?.setAttribute('id', 'edit-account-dialog');
  if (await saved) {
    toast(t('acct360.edit.saved'));
    env.refresh();
  }
}

/** The header's "edit account" button, for the roles that may write. */
export function editAccountButton(env) {
  return canWrite()
    ? h('button', { type: 'button', class: 'secondary', id: 'edit-account', onClick: () => edit(env).catch(e => toast(e.message, 'danger')) }, t('acct360.edit'))
    : null;
}
