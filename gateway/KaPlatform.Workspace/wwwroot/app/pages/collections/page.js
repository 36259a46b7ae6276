// Collections (回款管理): receivables aging and DSO, the battle map of every signed contract's milestones with their
// follow-ups, finance's money actions (record payment, request invoice) and the contracts list.
// Each section loads on its own, so one refused or slow call never blanks the page.
import '../../milestones/strings.js';
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { userId, SALES_ROLES } from '../../session.js';
import { knownPeople } from '../../people.js';
import { pageHeader, toast, safely } from '../../components.js';
import { agingSection } from './aging.js';
import { battleMapSection } from './battlemap.js';
import { contractsSection } from './contracts.js';
import { clearStakeholderCache } from '../../milestones/followups.js';
import { recordPayment } from '../../milestones/payments.js';
import { canMoney } from '../../milestones/access.js';


export default {
  async render({ query, navigate }) {
    clearStakeholderCache();
    const me = userId();
    const ownerId = query.ownerId === 'me' ? me : (query.ownerId || null);
    const state = { contracts: [] };
    const accounts = apiAll('/api/accounts', {}, 500);
    accounts.catch(() => {}); // each section says itself what it could not read

    const people = knownPeople().filter(p => SALES_ROLES.includes(p.role) && p.userId !== me);
    const ownerSelect = h('label', { class: 'inline-field' }, h('span', null, t('collections.owner')),
      h('select', {
        id: 'owner-filter', name: 'ownerId',
        onChange: e => navigate('/collections', { ...query, ownerId: e.target.value }),
      },
      h('option', { value: '' }, t('collections.everyone')),
      h('option', { value: 'me', selected: query.ownerId === 'me' || (!!me && query.ownerId === me) }, t('collections.mine')),
      people.map(p => h('option', { value: p.userId, selected: query.ownerId === p.userId }, p.name))));

    let aging;
    let map;
    const refresh = () => { aging.reload(); map.reload(); };
    aging = agingSection({ ownerId, accounts });
    map = battleMapSection({ ownerId, state, onMoneyChanged: refresh });
    const contracts = contractsSection({ accounts });

    const payButton = canMoney() ? h('button', {
      type: 'button', class: 'primary', id: 'record-payment',
      onClick: safely(async () => { if (await recordPayment(state.contracts)) refresh(); }, error => toast(error.message, 'danger')),
    }, t('collections.recordPayment')) : null;

    return h('div', { class: 'collections-page' },
      pageHeader(t('collections.title'), ownerSelect, payButton),
      h('p', { class: 'subtitle page-subtitle' }, t('collections.subtitle')),
      aging, map, contracts);
  },
};
